package dev.mainline.server.slack;

import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.LinkedAccounts;
import dev.mainline.logarchive.LogArchive;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.mergequeue.QueueNotices;
import dev.mainline.local.LocalMergeQueues;
import dev.mainline.server.mergequeue.QueueWiring;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.pullrequest.PullRequestService;
import dev.mainline.releases.ReleaseContents;
import dev.mainline.releases.ReleaseService;
import dev.mainline.server.config.MainlineProperties;
import dev.mainline.slack.ChatOps;
import dev.mainline.slack.SlackApp;
import dev.mainline.testresults.TestViews;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Slack app, when {@code mainline.slack.bot-token} is set: over HTTP, in Socket Mode, or both. */
@Configuration(proxyBeanMethods = false)
public class SlackWiring {
    /** What the Slack app does, through Mainline's own services. */
    @Bean
    public ChatOps chatOps(Stores stores, Authorizer authorizer, ReleaseService releases, ReleaseContents contents,
            MergeQueueService queues, PullRequestService pullRequests, TestViews tests, RepositoryFiles files,
            LogArchive logs,
            MainlineProperties properties, Clock clock) {
        return new ChatOps(new ChatOps.Services(new LinkedAccounts(stores.users(), stores.grants()), stores.users(),
                authorizer, stores.apps(), releases, contents, queues, pullRequests, stores.repositories(), tests,
                files,
                logs.failureSearch(), stores.releases(), clock), properties.slack().publicUrl(),
                properties.slack().command());
    }

    @Bean(destroyMethod = "close")
    public SlackConnection slackApp(ChatOps chatOps, MainlineProperties properties, LocalMergeQueues local,
            QueueWiring.GitHubMode github, Clock clock) {
        MainlineProperties.Slack slack = properties.slack();
        if (!slack.enabled()) {
            return new SlackConnection(Optional.empty());
        }
        SlackApp app = new SlackApp(new SlackApp.Settings(slack.botToken(), Optional.of(slack.signingSecret())
                .filter(secret -> !secret.isEmpty()), Optional.of(slack.appToken()).filter(token -> !token.isEmpty()),
                slack.apiUrl(), slack.command(), slack.perChannel(), slack.workers()), chatOps, clock);
        // What the queues tell a pull request's author goes to them in a DM, when their Slack account is linked.
        java.util.function.Consumer<QueueNotices.Notice> dm = notice -> chatOps.slackUserOf(notice.author())
                .ifPresent(user -> app.poster().post(user, chatOps.notice(notice)));
        local.notices().subscribe(dm);
        github.queues().ifPresent(queues -> queues.notices().subscribe(dm));
        if (!slack.appToken().isEmpty()) {
            app.startSocketMode();
        }
        return new SlackConnection(Optional.of(app));
    }

    /** The Slack app when one is configured. */
    public record SlackConnection(Optional<SlackApp> app) implements AutoCloseable {
        @Override
        public void close() {
            app.ifPresent(SlackApp::close);
        }
    }
}
