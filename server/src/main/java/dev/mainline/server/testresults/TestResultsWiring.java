package dev.mainline.server.testresults;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.junit.ExcusedFailureTriage;
import dev.mainline.logarchive.CapturedCiLogs;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.junit.JUnitReportParser;
import dev.mainline.github.GitHubRepositoryFiles;
import dev.mainline.local.LocalMergeQueues;
import dev.mainline.server.mergequeue.QueueCiCapture;
import dev.mainline.server.mergequeue.QueueWiring.GitHubMode;
import java.util.ArrayList;
import java.util.List;
import dev.mainline.local.LocalRepositoryFiles;
import dev.mainline.inbox.WorkQueue;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.nats.JetStreamWorkQueue;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.testresults.TestOwnership;
import java.time.Duration;
import java.util.Optional;
import dev.mainline.junit.TestUploads;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import dev.mainline.testresults.FlakinessClassifier;
import dev.mainline.testresults.TestHealthTracker;
import dev.mainline.testresults.TestQuarantines;
import dev.mainline.testresults.TestViews;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
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

    /**
     * The merge queue's second look at finished CI runs: the local runner's log is kept in the log archive and its
     * reports in test analytics, the run recorded for the queue's history, and a failed run whose failures are all
     * excused is not charged.
     */
    @Bean
    public CiTriage ciTriage(Stores stores, TestQuarantines quarantines, LogArchive logs,
            ObjectProvider<TestUploads> uploads, Clock clock) {
        // Uploads are asked for lazily: test ownership reads repositories through the queues this triage is part of.
        return new QueueCiCapture(stores.queueCiRuns(), new CapturedCiLogs(logs, clock), uploads::getObject, clock)
                .then(new ExcusedFailureTriage(new JUnitReportParser(), stores.testResults(), quarantines));
    }

    @Bean
    public TestViews testViews(Stores stores, Authorizer authorizer, Clock clock) {
        return new TestViews(stores.testResults(), authorizer, clock);
    }

    /** With {@code mainline.test-analytics.queue=nats}, uploads wait in a JetStream stream every server consumes. */
    private static Optional<WorkQueue> workQueue(MainlineProperties properties) {
        MainlineProperties.TestAnalytics settings = properties.testAnalytics();
        if (!settings.queue().equals("nats")) {
            return Optional.empty();
        }
        return Optional.of(JetStreamWorkQueue.connect(settings.natsUrl(), settings.natsStream(), "mainline-uploads",
                Duration.ofMinutes(10), Duration.ofSeconds(30)));
    }

    /** Repositories' files, for test ownership: local ones from disk, GitHub ones through its API in GitHub mode. */
    @Bean
    public RepositoryFiles repositoryFiles(Stores stores, LocalMergeQueues localQueues, GitHubMode gitHubMode) {
        List<RepositoryFiles> sources = new ArrayList<>();
        sources.add(new LocalRepositoryFiles(stores.repositories(), localQueues));
        gitHubMode.api().ifPresent(api -> sources.add(new GitHubRepositoryFiles(stores.repositories(), api)));
        return RepositoryFiles.firstOf(sources);
    }

    @Bean(destroyMethod = "close")
    public TestOwnership testOwnership(Stores stores, RepositoryFiles files, Clock clock) {
        TestOwnership ownership = new TestOwnership(stores.testResults(), files, clock, Duration.ofMinutes(1));
        ownership.start();
        return ownership;
    }

    @Bean(destroyMethod = "close")
    public TestUploads testUploads(Stores stores, MainlineProperties properties, Authorizer authorizer, Clock clock,
            TestHealthTracker health, TestOwnership ownership) {
        TestUploads uploads = new TestUploads(CoreWiring.dataDirectory(properties).resolve("test-reports"),
                new JUnitReportParser(), stores.testResults(), health, ownership, workQueue(properties), stores.inbox(),
                stores.repositories(),
                stores.pullRequests(), authorizer, clock);
        uploads.start();
        return uploads;
    }
}
