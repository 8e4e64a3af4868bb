package dev.mainline.server.releases;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.releases.AppStoreAdapter;
import dev.mainline.releases.ReleaseService;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Mobile releases: the service, with each app's store adapter (manual until a store is configured). */
@Configuration(proxyBeanMethods = false)
public class ReleasesWiring {
    @Bean
    public ReleaseService releaseService(Stores stores, Authorizer authorizer, Clock clock) {
        return new ReleaseService(stores.releases(), stores.apps(), (app, platform) -> AppStoreAdapter.manual(),
                authorizer, stores.transactions(), clock);
    }
}
