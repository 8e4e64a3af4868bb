package dev.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {

    @Test
    void releasedConnectionsAreReused() throws Exception {
        try (ServerSocket db = new ServerSocket(0)) {
            ConnectionPool pool = new ConnectionPool("orders-db", db.getLocalPort(), 4);
            for (int i = 0; i < 10; i++) {
                int connection = pool.acquire(50);
                assertTrue(connection >= 0);
                pool.release(connection);
            }
        }
    }
}
