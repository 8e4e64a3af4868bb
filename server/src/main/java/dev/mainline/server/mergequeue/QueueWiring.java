package dev.mainline.server.mergequeue;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.local.LocalMergeQueues;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The merge queues: local repositories under the data directory, and the service people drive them through. */
@Configuration(proxyBeanMethods = false)
public class QueueWiring {
    @Bean(destroyMethod = "close")
    public LocalMergeQueues localMergeQueues(Stores stores, MainlineProperties properties, Clock clock) {
        Path data = CoreWiring.dataDirectory(properties);
        return new LocalMergeQueues(stores.repositories(), data.resolve("repositories"), data.resolve("queues"),
                clock);
    }

    @Bean
    public MergeQueueService mergeQueueService(LocalMergeQueues queues, Authorizer authorizer, Clock clock) {
        return new MergeQueueService(queues, authorizer, clock);
    }
}
