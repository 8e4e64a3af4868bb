package dev.mainline.server.logs;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.logarchive.BlobStore;
import dev.mainline.logarchive.LocalBlobStore;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The log archive: blobs under the data directory, its Lucene indexes beside them. */
@Configuration(proxyBeanMethods = false)
public class LogsWiring {
    @Bean
    public BlobStore logBlobStore(MainlineProperties properties) {
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
