package dev.mainline.server.mergequeue;

import dev.mainline.catalog.Forge;
import dev.mainline.common.Stores;
import dev.mainline.mergequeue.CiTriage;
import dev.mainline.github.GitHubActionsLogs;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.server.logs.GitHubJobLogs;
import dev.mainline.server.releases.ReleasesWiring;
import dev.mainline.github.GitHubApi;
import dev.mainline.github.GitHubAppCredentials;
import dev.mainline.github.GitHubMergeQueues;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.mergequeue.QueueNotices;
import dev.mainline.github.GitHubWebhooks;
import dev.mainline.github.GitHubRegressionRuns;
import dev.mainline.github.WorkflowRuns;
import java.util.List;
import dev.mainline.github.WebhookSignature;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.LinkedAccounts;
import dev.mainline.local.LocalMergeQueues;
import dev.mainline.mergequeue.ForgeMergeQueues;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.mergequeue.MergeQueues;
import dev.mainline.pullrequest.PullRequestService;
import dev.mainline.server.config.CoreWiring;
import dev.mainline.server.config.MainlineProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The merge queues: local repositories under the data directory, GitHub repositories when GitHub mode is configured,
 * and the service people drive them through.
 */
@Configuration(proxyBeanMethods = false)
public class QueueWiring {
    @Bean(destroyMethod = "close")
    public LocalMergeQueues localMergeQueues(Stores stores, MainlineProperties properties, CiTriage triage,
            Clock clock) {
        Path data = CoreWiring.dataDirectory(properties);
        return new LocalMergeQueues(stores.repositories(), stores.pullRequests(), data.resolve("repositories"),
                data.resolve("queues"), triage, clock);
    }

    /** GitHub mode's queues, or none when it is not configured. */
    @Bean(destroyMethod = "close")
    public GitHubMode gitHubMode(Stores stores, MainlineProperties properties, CiTriage triage, Clock clock) {
        MainlineProperties.Github github = properties.github();
        if (!github.enabled()) {
            return new GitHubMode(Optional.empty(), Optional.empty());
        }
        GitHubApi api = GitHubApi.create(github.apiUrl(), credentials(github, clock), github.mutationSpacing());
        return new GitHubMode(Optional.of(new GitHubMergeQueues(stores.repositories(), api,
                CoreWiring.dataDirectory(properties).resolve("queues"), github.ciTimeout(), triage, clock)),
                Optional.of(api));
    }

    /** A GitHub App's installation tokens, or the one token configured. */
    private static GitHubApi.Credentials credentials(MainlineProperties.Github github, Clock clock) {
        if (github.appId().isEmpty()) {
            String authorization = "Bearer " + github.token();
            return repository -> authorization;
        }
        Path keyFile = Path.of(github.privateKeyFile());
        String pem;
        try {
            pem = Files.readString(keyFile);
        } catch (IOException e) {
            throw new IllegalStateException("mainline.github.private-key-file: cannot read " + keyFile + ": "
                    + e.getMessage(), e);
        }
        try {
            return new GitHubAppCredentials(github.apiUrl(), github.appId(), GitHubAppCredentials.readPrivateKey(pem),
                    clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("mainline.github.private-key-file (" + keyFile + "): " + e.getMessage());
        }
    }

    /** Every repository's queue, from the adapter of its forge. */
    @Bean
    public ForgeMergeQueues mergeQueues(Stores stores, LocalMergeQueues local, GitHubMode github) {
        Map<Forge, MergeQueues> byForge = new EnumMap<>(Forge.class);
        byForge.put(Forge.LOCAL, local);
        github.queues().ifPresent(queues -> byForge.put(Forge.GITHUB, queues));
        return new ForgeMergeQueues(stores.repositories(), byForge);
    }

    @Bean
    public MergeQueueService mergeQueueService(Stores stores, ForgeMergeQueues queues, LocalMergeQueues local,
            GitHubMode github, Authorizer authorizer, Clock clock) {
        // Settings on a main branch that a queue cannot use are put in the audit log, where administrators look.
        java.util.function.Consumer<QueueNotices.SettingsNotice> audit = notice -> authorizer.succeeded(
                Actor.system("mainline", Permission.of(Role.ADMIN, Scope.repository(notice.repository().value()))),
                Action.QUEUE_SETTINGS_REFUSED, "repository:" + notice.repository(),
                "the .mainline.yml on main cannot be used; the queue runs on its last good settings: "
                        + notice.problem());
        local.notices().subscribeSettings(audit);
        github.queues().ifPresent(queues1 -> queues1.notices().subscribeSettings(audit));
        return new MergeQueueService(queues, stores.queueCiRuns(), authorizer, clock);
    }

    @Bean
    public PullRequestService pullRequestService(Stores stores, ForgeMergeQueues queues, MergeQueueService service,
            Authorizer authorizer, Clock clock) {
        return new PullRequestService(stores.pullRequests(), stores.repositories(), queues, service, authorizer,
                clock);
    }

    /** The webhook endpoint's handler, started with the server: stored deliveries are handled, then reconciled. */
    @Bean(destroyMethod = "close")
    public GitHubDeliveries gitHubDeliveries(GitHubMode github, Stores stores, MergeQueueService service,
            MainlineProperties properties, LogArchive logs, GitHubRegressionRuns regressions, Clock clock) {
        if (github.queues().isEmpty()) {
            return new GitHubDeliveries(Optional.empty(), null);
        }
        // A completed workflow run may be a release's regression; its jobs' logs go to the log archive before
        // GitHub's retention drops them.
        GitHubWebhooks webhooks = new GitHubWebhooks(new WebhookSignature(properties.github().webhookSecret()),
                stores.inbox(), stores.repositories(), github.queues().get(), service,
                new LinkedAccounts(stores.users(), stores.grants()), WorkflowRuns.all(List.of(regressions,
                        new GitHubActionsLogs(github.api().orElseThrow(), new GitHubJobLogs(logs,
                                ReleasesWiring.releaseOfBranch(stores.releases(), properties.releases()),
                                stores.queueCiRuns())))),
                clock);
        webhooks.start();
        ScheduledExecutorService reconcile = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("github-reconcile").factory());
        long interval = properties.github().reconcileInterval().toMillis();
        reconcile.scheduleWithFixedDelay(() -> GitHubDeliveries.reconcile(webhooks), 0, interval,
                TimeUnit.MILLISECONDS);
        return new GitHubDeliveries(Optional.of(webhooks), reconcile);
    }

    /** The GitHub queues when GitHub mode is on. */
    public record GitHubMode(Optional<GitHubMergeQueues> queues, Optional<GitHubApi> api) implements AutoCloseable {
        @Override
        public void close() {
            queues.ifPresent(GitHubMergeQueues::close);
        }
    }

    /** The webhook handler when GitHub mode is on, and its reconcile schedule. */
    public record GitHubDeliveries(Optional<GitHubWebhooks> webhooks, ScheduledExecutorService reconcile)
            implements
                AutoCloseable {
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GitHubDeliveries.class);

        static void reconcile(GitHubWebhooks webhooks) {
            try {
                webhooks.reconcile();
            } catch (RuntimeException e) {
                // One failed round must not end the schedule; the next one tries again.
                LOG.warn("reconciling with GitHub failed: {}", e.toString());
            }
        }

        @Override
        public void close() {
            if (reconcile != null) {
                reconcile.shutdownNow();
            }
            webhooks.ifPresent(GitHubWebhooks::close);
        }
    }
}
