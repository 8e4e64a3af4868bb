package metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class PushClient {
    private final String host;
    private final int port;

    public PushClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    // @@PAD@@
    public void push(String payload) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            OutputStream out = socket.getOutputStream();
            out.write(payload.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot push metrics to " + host + ":" + port, e);
        }
    }
}
