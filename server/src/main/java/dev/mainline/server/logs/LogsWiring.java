package dev.mainline.server.logs;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.logarchive.BlobStore;
import dev.mainline.logarchive.LocalBlobStore;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.logarchive.S3BlobStore;
import java.net.URI;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log archive: blobs under the data directory or in object storage, its Lucene indexes under the data directory. */
@Configuration(proxyBeanMethods = false)
public class LogsWiring {
    /** Local disk under the data directory, or an S3-compatible object store with {@code mainline.logs.store=s3}. */
    @Bean
    public BlobStore logBlobStore(MainlineProperties properties, Clock clock) {
        MainlineProperties.Logs logs = properties.logs();
        if (logs.store().equals("s3")) {
            MainlineProperties.Logs.S3 s3 = logs.s3();
            return new S3BlobStore(new S3BlobStore.Settings(URI.create(s3.endpoint()), s3.region(), s3.bucket(),
                    s3.accessKey(), s3.secretKey(), s3.pathStyle()), clock);
        }
        return new LocalBlobStore(logsDirectory(properties).resolve("blobs"));
    }

    @Bean(destroyMethod = "close")
    public LogArchive logArchive(Stores stores, MainlineProperties properties, Authorizer authorizer, Clock clock,
            BlobStore blobs) throws IOException {
        MainlineProperties.Logs settings = properties.logs();
        LogArchive archive = new LogArchive(stores.logs(), stores.repositories(), authorizer, clock, blobs,
                logsDirectory(properties), new LogArchive.Settings(settings.maxLogSize().toBytes(),
                        settings.keptFor()));
        archive.start();
        return archive;
    }

    private static Path logsDirectory(MainlineProperties properties) {
        return CoreWiring.dataDirectory(properties).resolve("logs");
    }
}
