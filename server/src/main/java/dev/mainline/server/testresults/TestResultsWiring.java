package dev.mainline.server.testresults;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.junit.JUnitReportParser;
import dev.mainline.junit.TestUploads;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Test analytics: report uploads, archived under the data directory and stored by their worker. */
@Configuration(proxyBeanMethods = false)
public class TestResultsWiring {
    @Bean(destroyMethod = "close")
    public TestUploads testUploads(Stores stores, MainlineProperties properties, Authorizer authorizer, Clock clock) {
        TestUploads uploads = new TestUploads(CoreWiring.dataDirectory(properties).resolve("test-reports"),
                new JUnitReportParser(), stores.testResults(), stores.inbox(), stores.repositories(), authorizer,
                clock);
        uploads.start();
        return uploads;
    }
}
