package app;

import java.nio.file.Path;
import java.util.UUID;

public class Main {
    public static void main(String[] args) {
        String instance = UUID.randomUUID().toString();
        System.out.println("starting inventory-sync instance " + instance);
        try {
            int max = ConfigLoader.maxConnections(Path.of(args[0]));
            System.out.println("max connections: " + max);
        } catch (ConfigException e) {
            throw new IllegalStateException("application failed to start (instance " + instance + ")", e);
        }
    }
}
