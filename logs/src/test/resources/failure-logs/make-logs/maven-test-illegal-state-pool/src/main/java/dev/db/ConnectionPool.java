package dev.db;

import java.util.ArrayDeque;
import java.util.Deque;

public class ConnectionPool {
    private final String name;
    private final int port;
    private final int size;
    private final Deque<Integer> free = new ArrayDeque<>();

    public ConnectionPool(String name, int port, int size) {
        this.name = name;
        this.port = port;
        this.size = size;
        for (int i = 0; i < size; i++) {
            free.push(i);
        }
    }

    // @@PAD@@
    public int acquire(long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (free.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pool '" + name + "' exhausted: " + size + " of " + size
                        + " connections in use after waiting " + waitMillis + " ms (localhost:" + port + ")");
            }
            Thread.sleep(5);
        }
        return free.pop();
    }

    public void release(int connection) {
        // BUG: released connections are never returned to the pool
    }
}
