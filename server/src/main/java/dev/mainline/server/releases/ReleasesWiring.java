package dev.mainline.server.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.appstores.AppStoreConnect;
import dev.mainline.appstores.GooglePlay;
import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.RepositoryName;
import dev.mainline.local.LocalMergeQueues;
import dev.mainline.local.LocalReleaseBranches;
import dev.mainline.local.LocalRegressions;
import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.releases.AppStoreAdapter;
import dev.mainline.releases.ReleaseBranches;
import dev.mainline.releases.RegressionJobs;
import dev.mainline.github.GitHubApi;
import dev.mainline.github.GitHubRegressionJobs;
import dev.mainline.github.GitHubRegressionRuns;
import dev.mainline.releases.ReleaseContents;
import dev.mainline.github.GitHubReleaseBranches;
import dev.mainline.server.mergequeue.QueueWiring;
import java.util.ArrayList;
import java.util.List;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseStore;
import dev.mainline.releases.ReleaseStorePolling;
import dev.mainline.releases.ReleaseTests;
import dev.mainline.server.config.MainlineProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mobile releases: the service, with each app's store adapters from configuration (manual where none is set), and the
 * store polling that follows what the stores say, on a schedule.
 */
@Configuration(proxyBeanMethods = false)
public class ReleasesWiring {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasesWiring.class);

    /** Each app's store adapters, one set shared by the service and the store polling. */
    public record StoreAdapters(BiFunction<AppKey, Platform, AppStoreAdapter> forApp) {
        public StoreAdapters {
            requireNonNull(forApp, "forApp is null");
        }
    }

    @Bean
    public StoreAdapters storeAdapters(MainlineProperties properties, Clock clock) {
        return new StoreAdapters(adapters(properties.releases(), clock));
    }

    @Bean
    public ReleaseService releaseService(Stores stores, Authorizer authorizer, Clock clock,
            MainlineProperties properties, StoreAdapters adapters, QueueWiring.GitHubMode github,
            LocalRegressions local) {
        return new ReleaseService(stores.releases(), stores.apps(), adapters.forApp(),
                regressions(properties.releases(), stores, github.api(), local), authorizer, stores.transactions(),
                clock, properties.releases().readCache());
    }

    /** The stores read every {@code mainline.releases.store-poll-interval} on a thread of its own (or never). */
    @Bean(destroyMethod = "close")
    public StorePolling releaseStorePolling(ReleaseService releases, Stores stores, StoreAdapters adapters,
            MainlineProperties properties) {
        return StorePolling.start(new ReleaseStorePolling(stores.releases(), releases, adapters.forApp()),
                properties.releases().storePolling());
    }

    /** The store polling's schedule, when there is one; closing it stops the polling. */
    public record StorePolling(Optional<ScheduledExecutorService> schedule) implements AutoCloseable {
        public StorePolling {
            requireNonNull(schedule, "schedule is null");
        }

        static StorePolling start(ReleaseStorePolling polling, Optional<Duration> interval) {
            if (interval.isEmpty()) {
                LOG.info("store polling is off (mainline.releases.store-poll-interval)");
                return new StorePolling(Optional.empty());
            }
            ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("release-store-polling").factory());
            long every = interval.get().toMillis();
            schedule.scheduleWithFixedDelay(() -> round(polling), every, every, TimeUnit.MILLISECONDS);
            return new StorePolling(Optional.of(schedule));
        }

        /**
         * One round; a failed one is logged and must not end the schedule: anything thrown out of it, an
         * {@link Error} as much as an exception, would end {@code scheduleWithFixedDelay} without a word.
         */
        static void round(ReleaseStorePolling polling) {
            try {
                ReleaseStorePolling.Round round = polling.pollOnce();
                if (round.changed() > 0 || round.failed() > 0) {
                    LOG.info("store polling: {} releases read, {} changed, {} failed", round.read(), round.changed(),
                            round.failed());
                }
            } catch (RuntimeException e) {
                LOG.warn("store polling failed; the next round tries again: {}", e.toString());
            } catch (Throwable e) {
                // A class that failed to load, a stack or memory run out: worth its stack trace, and the next round.
                LOG.error("store polling failed; the next round tries again", e);
            }
        }

        @Override
        public void close() {
            schedule.ifPresent(ScheduledExecutorService::shutdownNow);
        }
    }

    /**
     * Each app's regression: a GitHub Actions workflow started on the release branch where one is configured (GitHub
     * mode on), a command run on the release branch of a local repository, else run outside Mainline and reported.
     */
    static BiFunction<AppKey, Platform, RegressionJobs> regressions(MainlineProperties.Releases releases,
            Stores stores, Optional<GitHubApi> api, LocalRegressions local) {
        Map<String, RegressionJobs> configured = new HashMap<>();
        releases.apps().forEach((app, settings) -> {
            if (settings.regressionCommand() == null || settings.regressionCommand().isBlank()) {
                return;
            }
            for (Platform platform : Platform.values()) {
                RepositoryName repository = settings.repository(platform).map(RepositoryName::new).orElseThrow(
                        () -> new IllegalArgumentException("mainline.releases.apps." + app + ".regression-command"
                                + " needs the app's repository (mainline.releases.apps." + app + ".repository)"));
                configured.put(app + "/" + platform.key(), local.jobs(repository, settings.regressionCommand()));
            }
        });
        followed(releases).forEach(each -> {
            String key = "mainline.releases.apps." + each.app() + ".regression-workflow";
            if (api.isEmpty()) {
                throw new IllegalArgumentException(key + " needs GitHub mode (mainline.github.*)");
            }
            configured.put(each.app().value() + "/" + each.platform().key(), new GitHubRegressionJobs(stores
                    .repositories(), api.get(), each.repository(), each.workflow()));
        });
        return (app, platform) -> configured.getOrDefault(app.value() + "/" + platform.key(),
                RegressionJobs.reported());
    }

    /** The apps' platforms whose regression is a workflow of their repository. */
    static List<GitHubRegressionRuns.Followed> followed(MainlineProperties.Releases releases) {
        List<GitHubRegressionRuns.Followed> followed = new ArrayList<>();
        releases.apps().forEach((app, settings) -> {
            for (Platform platform : Platform.values()) {
                Optional<String> workflow = settings.regressionWorkflow(platform);
                if (workflow.isEmpty()) {
                    continue;
                }
                String key = "mainline.releases.apps." + app + ".regression-workflow";
                RepositoryName repository = settings.repository(platform).map(RepositoryName::new).orElseThrow(
                        () -> new IllegalArgumentException(key + " needs the app's repository"
                                + " (mainline.releases.apps." + app + ".repository)"));
                if (!workflow.get().matches(GitHubRegressionJobs.FILE)) {
                    throw new IllegalArgumentException(key + " is a workflow file name such as regression.yml, got '"
                            + workflow.get() + "'");
                }
                followed.add(new GitHubRegressionRuns.Followed(new AppKey(app), platform, repository,
                        workflow.get()));
            }
        });
        return followed;
    }

    /** Local regressions run with local mode's CI runner, under the data directory. */
    @Bean(destroyMethod = "close")
    public LocalRegressions localRegressions(Stores stores, LocalMergeQueues queues, MainlineProperties properties) {
        return new LocalRegressions(stores.repositories(), queues, dev.mainline.server.config.CoreWiring
                .dataDirectory(properties).resolve("regressions"), java.time.Duration.ofHours(6));
    }

    /**
     * A local regression's end becomes its release's regression result, reported by {@code ci:local} (an engineer of
     * the app), its log kept in the log archive as the release's and linked.
     */
    @Bean
    public LocalRegressionReports localRegressionReports(LocalRegressions regressions, ReleaseService releases,
            dev.mainline.logarchive.LogArchive logs, Clock clock) {
        regressions.onFinished(finished -> LocalRegressionReports.report(finished, releases, logs, clock));
        return new LocalRegressionReports();
    }

    /** Completed regression runs on GitHub become their releases' regression results. */
    @Bean
    public GitHubRegressionRuns gitHubRegressionRuns(ReleaseService releases, MainlineProperties properties) {
        return new GitHubRegressionRuns(releases, followed(properties.releases()));
    }

    /** Release branches of local repositories are cut and read with JGit, those on GitHub through its API. */
    @Bean
    public ReleaseContents releaseContents(ReleaseService releases, Stores stores, LocalMergeQueues queues,
            QueueWiring.GitHubMode github, MainlineProperties properties) {
        List<ReleaseBranches> branches = new ArrayList<>();
        branches.add(new LocalReleaseBranches(stores.repositories(), stores.pullRequests(), queues));
        github.api().ifPresent(api -> branches.add(new GitHubReleaseBranches(stores.repositories(), api)));
        return new ReleaseContents(releases, ReleaseBranches.firstOf(branches), repositories(properties.releases()));
    }

    /**
     * The release whose branch {@code branch} of {@code repository} is: among the newest releases of the apps built
     * from that repository.
     */
    public static BiFunction<RepositoryName, String, Optional<Release>> releaseOfBranch(ReleaseStore store,
            MainlineProperties.Releases releases) {
        var builtFrom = repositories(releases);
        List<AppKey> apps = releases.apps().keySet().stream().map(AppKey::new).toList();
        return (repository, branch) -> {
            for (AppKey app : apps) {
                for (Platform platform : Platform.values()) {
                    if (builtFrom.apply(app, platform).filter(repository::equals).isEmpty()) {
                        continue;
                    }
                    Optional<Release> found = store.list(app, Optional.of(platform), 50).stream()
                            .filter(release -> release.branch().equals(branch)).findFirst();
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        };
    }

    /** The repository each app's platform is built from, as configured. */
    static BiFunction<AppKey, Platform, Optional<RepositoryName>> repositories(MainlineProperties.Releases releases) {
        Map<String, RepositoryName> configured = new HashMap<>();
        releases.apps().forEach((app, settings) -> {
            for (Platform platform : Platform.values()) {
                settings.repository(platform).ifPresent(name -> configured.put(app + "/" + platform.key(),
                        new RepositoryName(name)));
            }
        });
        return (app, platform) -> Optional.ofNullable(configured.get(app.value() + "/" + platform.key()));
    }

    @Bean
    public ReleaseTests releaseTests(ReleaseService releases, Stores stores, MainlineProperties properties) {
        return new ReleaseTests(releases, stores.testResults(), repositories(properties.releases()));
    }

    /** Each configured app's stores, their credentials read now: a missing or bad key file stops start-up. */
    static BiFunction<AppKey, Platform, AppStoreAdapter> adapters(MainlineProperties.Releases releases, Clock clock) {
        Map<String, AppStoreAdapter> configured = new HashMap<>();
        releases.apps().forEach((app, stores) -> {
            String prefix = "mainline.releases.apps." + app;
            if (stores.googlePlay() != null) {
                MainlineProperties.Releases.GooglePlay play = stores.googlePlay();
                configured.put(app + "/android", new GooglePlay(URI.create(play.apiUrl()),
                        GooglePlay.ServiceAccount.read(read(play.serviceAccountFile(),
                                prefix + ".google-play.service-account-file")),
                        required(play.packageName(), prefix + ".google-play.package-name"), play.track(), clock));
            }
            if (stores.appStoreConnect() != null) {
                MainlineProperties.Releases.AppStoreConnect apple = stores.appStoreConnect();
                String keyPrefix = prefix + ".app-store-connect.";
                configured.put(app + "/ios", new AppStoreConnect(URI.create(apple.apiUrl()),
                        AppStoreConnect.ApiKey.read(required(apple.keyId(), keyPrefix + "key-id"),
                                required(apple.issuerId(), keyPrefix + "issuer-id"),
                                read(apple.privateKeyFile(), keyPrefix + "private-key-file")),
                        required(apple.appId(), keyPrefix + "app-id"), clock));
            }
        });
        return (app, platform) -> configured.getOrDefault(app.value() + "/" + platform.key(),
                AppStoreAdapter.manual());
    }

    private static String required(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    private static String read(Path file, String key) {
        if (file == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("%s: cannot read %s (%s)".formatted(key, file, e.getMessage()));
        }
    }
}
