package dev.mainline.server.testresults;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.junit.ExcusedFailureTriage;
import dev.mainline.junit.JUnitReportParser;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.junit.TestUploads;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import dev.mainline.testresults.FlakinessClassifier;
import dev.mainline.testresults.TestHealthTracker;
import dev.mainline.testresults.TestQuarantines;
import dev.mainline.testresults.TestViews;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Test analytics: report uploads, archived under the data directory and stored by their worker. */
@Configuration(proxyBeanMethods = false)
public class TestResultsWiring {
    @Bean
    public TestHealthTracker testHealthTracker(Stores stores, MainlineProperties properties, Clock clock) {
        return new TestHealthTracker(stores.testResults(), new FlakinessClassifier(), clock,
                properties.testAnalytics().window());
    }

    @Bean
    public TestQuarantines testQuarantines(Stores stores, Authorizer authorizer, Clock clock) {
        return new TestQuarantines(stores.testResults(), authorizer, stores.transactions(), clock);
    }

    /** The merge queue's second look at failed CI runs: failures that are all excused are not charged. */
    @Bean
    public CiTriage ciTriage(Stores stores, TestQuarantines quarantines) {
        return new ExcusedFailureTriage(new JUnitReportParser(), stores.testResults(), quarantines);
    }

    @Bean
    public TestViews testViews(Stores stores, Authorizer authorizer, Clock clock) {
        return new TestViews(stores.testResults(), authorizer, clock);
    }

    @Bean(destroyMethod = "close")
    public TestUploads testUploads(Stores stores, MainlineProperties properties, Authorizer authorizer, Clock clock,
            TestHealthTracker health) {
        TestUploads uploads = new TestUploads(CoreWiring.dataDirectory(properties).resolve("test-reports"),
                new JUnitReportParser(), stores.testResults(), health, stores.inbox(), stores.repositories(),
                authorizer, clock);
        uploads.start();
        return uploads;
    }
}
