package app;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

public class ConfigLoader {

    // @@PAD@@
    public static int maxConnections(Path file) throws ConfigException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file, e);
        }
        String raw = props.getProperty("max.connections", "10");
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid value for 'max.connections' in " + file.toAbsolutePath(), e);
        }
    }
}
