package dev.mainline.server.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.BootstrapService;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, when nobody administers Mainline yet, writes a fresh one-time bootstrap token to
 * {@code <data-dir>/bootstrap-token}, readable by the server's user only. The token itself never goes to the log.
 */
@Component
public class BootstrapWindow implements SmartInitializingSingleton {
    public static final String FILE_NAME = "bootstrap-token";
    private static final Logger log = LoggerFactory.getLogger(BootstrapWindow.class);

    private final BootstrapService bootstrap;
    private final Path file;

    public BootstrapWindow(BootstrapService bootstrap, MainlineProperties properties) {
        this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
        this.file = CoreWiring.dataDirectory(properties).resolve(FILE_NAME);
    }

    /** Runs once every bean exists and before the web server accepts requests, so no request finds it closed. */
    @Override
    public void afterSingletonsInstantiated() {
        Optional<String> secret = bootstrap.open();
        if (secret.isEmpty()) {
            delete();
            return;
        }
        write(secret.get());
        log.warn(
                "No administrator exists yet. A one-time bootstrap token was written to {} (readable by this user only). "
                        + "Create the first administrator with: ./mainline admin bootstrap --login <you> --name \"<Your Name>\"",
                file);
    }

    /** Removes the token once it has been used. */
    public void closed() {
        delete();
    }

    public Path file() {
        return file;
    }

    private void write(String secret) {
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap token to " + file, e);
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the used bootstrap token file {}: {}", file, e.getMessage());
        }
    }
}
