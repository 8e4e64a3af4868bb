package metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

public class Exporter {
    public static void main(String[] args) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // closed again before we connect
        }
        PushClient client = new PushClient("127.0.0.1", port);
        UncheckedIOException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                client.push("jobs_completed_total 17\n");
                return;
            } catch (UncheckedIOException e) {
                System.err.println("attempt " + attempt + " failed: " + e.getMessage());
                last = e;
            }
        }
        throw new IllegalStateException("exporter 'pushgateway' failed after 3 attempts", last);
    }
}
