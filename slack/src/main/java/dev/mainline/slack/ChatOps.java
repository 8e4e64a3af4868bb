package dev.mainline.slack;

import static dev.mainline.slack.Message.escape;
import static dev.mainline.slack.Message.link;
import static java.util.Objects.requireNonNull;

import dev.mainline.audit.Channel;
import dev.mainline.catalog.App;
import dev.mainline.catalog.AppStore;
import dev.mainline.catalog.Platform;
import dev.mainline.catalog.SourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.LinkedAccounts;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.identity.UserStore;
import dev.mainline.logarchive.FailureSearch;
import dev.mainline.logs.StoredLog;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.mergequeue.QueueStatus;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseContents;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.ReleaseState;
import dev.mainline.testresults.StoredHealth;
import dev.mainline.testresults.TestSummary;
import dev.mainline.testresults.TestViews;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the Slack app does, apart from Slack's wire: the {@code /mainline} command's subcommands, the release card's
 * buttons and the App Home, each as the Mainline user the Slack user is linked to, through the same services, role
 * checks and audit as the API. Someone linked to no user is told how to link, and the refusal is audited. What comes
 * back is a {@link Reply}: Block Kit within Slack's limits, for the channel or for the asker alone.
 */
public final class ChatOps {
    private static final Logger LOG = Logger.getLogger(ChatOps.class.getName());
    private static final Duration AUTHOR_WINDOW = Duration.ofDays(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** The release card's buttons: the action each names and the label it shows. */
    static final Map<String, String> RELEASE_BUTTONS = buttons();

    /** Everything the Slack app asks of Mainline. */
    public record Services(LinkedAccounts accounts, UserStore users, Authorizer authorizer, AppStore apps,
            ReleaseService releases, ReleaseContents contents, MergeQueueService queues,
            dev.mainline.pullrequest.PullRequestService pullRequests, SourceRepositoryStore repositories,
            TestViews tests, RepositoryFiles files, FailureSearch failures,
            dev.mainline.releases.ReleaseStore follows, Clock clock) {
        public Services {
            requireNonNull(accounts, "accounts is null");
            requireNonNull(users, "users is null");
            requireNonNull(authorizer, "authorizer is null");
            requireNonNull(apps, "apps is null");
            requireNonNull(releases, "releases is null");
            requireNonNull(contents, "contents is null");
            requireNonNull(queues, "queues is null");
            requireNonNull(pullRequests, "pullRequests is null");
            requireNonNull(repositories, "repositories is null");
            requireNonNull(tests, "tests is null");
            requireNonNull(files, "files is null");
            requireNonNull(failures, "failures is null");
            requireNonNull(follows, "follows is null");
            requireNonNull(clock, "clock is null");
        }
    }

    /** What goes back to Slack: a message for the whole channel, or for the one who asked. */
    public record Reply(String text, List<com.slack.api.model.block.LayoutBlock> blocks, boolean inChannel) {
        public Reply {
            requireNonNull(text, "text is null");
            blocks = List.copyOf(blocks);
        }

        static Reply toAsker(Message message) {
            return new Reply(message.textOrDefault(), message.blocks(), false);
        }

        static Reply toChannel(Message message) {
            return new Reply(message.textOrDefault(), message.blocks(), true);
        }

        static Reply toAsker(String mrkdwn) {
            return toAsker(Message.message().text(mrkdwn).section(mrkdwn));
        }

        /** What the asker is told when too much is waiting to be done. */
        public static Reply busy() {
            return toAsker(":hourglass: Mainline is busy; try again in a minute.");
        }

        /** What the asker is told when Mainline failed unexpectedly (the failure is logged). */
        public static Reply failed() {
            return toAsker(":warning: Mainline could not do that just now; try again in a while.");
        }
    }

    private final Services services;
    private final String publicUrl;
    private final String command;

    /** {@code publicUrl}: where people reach Mainline, for links; {@code command}: the slash command, {@code /mainline}. */
    public ChatOps(Services services, URI publicUrl, String command) {
        this.services = requireNonNull(services, "services is null");
        this.publicUrl = requireNonNull(publicUrl, "publicUrl is null").toString().replaceAll("/+$", "");
        this.command = requireNonNull(command, "command is null");
    }

    private static Map<String, String> buttons() {
        Map<String, String> buttons = new LinkedHashMap<>();
        buttons.put("release.run-regression", "Run regression");
        buttons.put("release.increase-rollout", "Increase rollout");
        buttons.put("release.pause-rollout", "Pause rollout");
        buttons.put("release.halt-rollout", "Halt rollout");
        buttons.put("release.confirm", "Confirm");
        return java.util.Collections.unmodifiableMap(buttons);
    }

    /** The Mainline user behind {@code slackUser}, or empty (the refusal audited) when no user is linked to it. */
    Optional<Actor> actor(String slackUser, Action action, String what) {
        Optional<Actor> actor = services.accounts().slack(slackUser);
        if (actor.isEmpty()) {
            services.authorizer().deny(Actor.unlinked("slack:" + slackUser, Channel.SLACK), action, "slack:" + what,
                    "Slack user %s is linked to no Mainline user".formatted(slackUser));
        }
        return actor;
    }

    /** The action a command asks for, as the audit names it. */
    private static Action actionOf(String verb) {
        return switch (verb) {
            case "search", "logs" -> Action.LOGS_READ;
            case "flaky" -> Action.TEST_RESULTS_READ;
            case "queue" -> Action.QUEUE_READ;
            case "lock" -> Action.QUEUE_LOCK;
            case "unlock" -> Action.QUEUE_UNLOCK;
            case "emergency" -> Action.QUEUE_EMERGENCY_MERGE;
            default -> Action.RELEASE_READ;
        };
    }

    private Reply unlinked(String slackUser) {
        return Reply.toAsker(("Your Slack account (`%s`) is not linked to a Mainline user, so Mainline cannot tell"
                + " what you may do. Ask a Mainline administrator to link it:\n"
                + "`mainline admin user update <your-login> --slack %s`\nThen try again.").formatted(slackUser,
                        slackUser));
    }

    // The slash command

    /** Carries out {@code /mainline <text>} for {@code slackUser}. */
    public Reply command(String slackUser, String text) {
        String[] words = text.strip().split("\\s+", 2);
        String verb = words[0].toLowerCase(Locale.ROOT);
        String rest = words.length > 1 ? words[1].strip() : "";
        if (verb.isEmpty() || verb.equals("help")) {
            return help();
        }
        Optional<Actor> actor = actor(slackUser, actionOf(verb), Message.clip(verb, 40));
        if (actor.isEmpty()) {
            return unlinked(slackUser);
        }
        try {
            return switch (verb) {
                case "release", "releases" -> releaseCards(actor.get(), rest);
                case "search" -> search(actor.get(), rest);
                case "flaky" -> flaky(actor.get());
                case "logs" -> logs(actor.get(), rest);
                case "queue" -> queue(actor.get(), rest);
                case "lock" -> lock(actor.get(), rest);
                case "unlock" -> unlock(actor.get(), rest);
                case "emergency" -> emergency(actor.get(), rest);
                case "follow" -> follow(actor.get(), rest, true);
                case "unfollow" -> follow(actor.get(), rest, false);
                default -> Reply.toAsker("`%s` is not a Mainline command. Try `%s help`.".formatted(
                        escape(Message.clip(verb, 40)), command));
            };
        } catch (MainlineException e) {
            return refusal(e);
        }
    }

    private Reply help() {
        String c = command;
        return Reply.toAsker(Message.message().text("Mainline commands").header("Mainline")
                .section(String.join("\n",
                        "`%s release <app> [android|ios]` the newest release of an app, with its buttons".formatted(c),
                        "`%s search <error text>` similar failures seen before".formatted(c),
                        "`%s flaky` your flaky tests".formatted(c),
                        "`%s logs <version>` a release's build and release failures".formatted(c),
                        "`%s queue <owner/repo>` the merge queue, your pull requests' places and ETAs".formatted(c),
                        "`%s lock <owner/repo> <reason>` · `%s unlock <owner/repo>`".formatted(c, c),
                        "`%s emergency <owner/repo> <pull request> <reason>` merge now, skipping the queue"
                                .formatted(c),
                        "`%s follow <app>` · `%s unfollow <app>` releases on your App Home".formatted(c, c))));
    }

    /** A refusal, explained to the asker alone (the service audited it). */
    static Reply refusal(MainlineException e) {
        String why = switch (e.errorCode().kind()) {
            case FORBIDDEN -> ":no_entry: Not allowed: ";
            case CONFLICT -> ":no_entry_sign: Refused: ";
            case NOT_FOUND -> ":mag: ";
            case UNAVAILABLE -> ":hourglass: Try again later: ";
            default -> ":warning: ";
        };
        return Reply.toAsker(why + escape(Message.clip(e.getMessage(), 2000)));
    }

    // Releases

    private Reply releaseCards(Actor actor, String rest) {
        String[] words = rest.split("\\s+");
        if (rest.isEmpty()) {
            return Reply.toAsker("Which app? `%s release <app> [android|ios]`".formatted(command));
        }
        AppKey key = new AppKey(words[0]);
        // The role first: who may not read the app learns nothing of it, not even whether it exists.
        services.authorizer().require(actor, Action.RELEASE_READ, Scope.app(key.value()), "app:" + key);
        App app = services.apps().findByKey(key).orElseThrow(() -> MainlineException.notFound(
                "app '%s' does not exist", key));
        Optional<Platform> platform = words.length > 1 ? Optional.of(Platform.fromKey(words[1])) : Optional.empty();
        Message card = Message.message().text("Releases of " + app.displayName());
        boolean any = false;
        for (Platform each : Platform.values()) {
            if (!app.platforms().contains(each) || platform.filter(wanted -> wanted != each).isPresent()) {
                continue;
            }
            Optional<Release> newest = services.releases().list(actor, key, Optional.of(each), 1).stream()
                    .findFirst();
            if (newest.isPresent()) {
                any = true;
                releaseCard(card, actor, app, newest.get(), true);
            }
        }
        if (!any) {
            return Reply.toAsker("%s has no release yet.".formatted(escape(app.displayName())));
        }
        return Reply.toChannel(card);
    }

    /** A release's card: version, platform, status, rollout, ticket count, links, and its buttons. */
    void releaseCard(Message card, Actor actor, App app, Release release, boolean withButtons) {
        card.header("%s %s (%s)".formatted(app.displayName(), release.version(), release.platform().key()));
        List<String> facts = new ArrayList<>();
        facts.add("*Status:* " + release.state().wireName());
        facts.add("*Rollout:* %s%%".formatted(percent(release.rolloutPercent())));
        release.build().ifPresent(build -> facts.add("*Build:* " + escape(build)));
        facts.add("*Tickets:* " + tickets(actor, release));
        release.pending().ifPresent(pending -> facts.add(("*Waiting:* %s asked by %s, to be confirmed by another"
                + " release manager").formatted(pending.command().name(), escape(pending.requestedBy()))));
        card.section(String.join("   ", facts));
        card.context(List.of(link(publicUrl + "/api/v1/releases/" + release.id(), "Release"),
                link(publicUrl + "/api/v1/releases/" + release.id() + "/history", "History"),
                link(publicUrl + "/api/v1/releases/" + release.id() + "/contents", "Changes"),
                link(publicUrl + "/api/v1/releases/" + release.version() + "/logs", "Logs"),
                "branch `%s`".formatted(escape(release.branch()))));
        if (withButtons && release.state() != ReleaseState.ROLLED_BACK) {
            List<Message.Button> buttons = new ArrayList<>();
            RELEASE_BUTTONS.forEach((action, label) -> {
                if (!action.equals("release.confirm") || release.pending().isPresent()) {
                    buttons.add(new Message.Button(label, action, buttonValue(actor, release, action),
                            action.equals("release.halt-rollout") ? "danger" : null));
                }
            });
            card.buttons("release-" + release.id(), buttons);
        }
    }

    /**
     * What a button carries: the release, and what the card showed, so a click on a stale card or a second click does
     * not do more than was seen — the rollout step it goes to, the change it confirms.
     */
    private String buttonValue(Actor actor, Release release, String action) {
        return switch (action) {
            case "release.increase-rollout" -> release.id() + ":" + services.releases().runbook(actor, release.app())
                    .next(release.rolloutPercent());
            case "release.confirm" -> release.id() + ":" + release.pending().map(pending -> pending.command().name())
                    .orElse("");
            default -> String.valueOf(release.id());
        };
    }

    /** How many tickets the release names, when its repository can tell. */
    private String tickets(Actor actor, Release release) {
        try {
            return services.contents().of(actor, release.id())
                    .map(found -> found.contents().tickets().size() + (found.contents().truncated() ? "+" : ""))
                    .orElse("n/a");
        } catch (RuntimeException e) {
            // The forge is down: the card still shows what Mainline knows.
            LOG.log(Level.FINE, "cannot count the tickets of release " + release.id(), e);
            return "unavailable";
        }
    }

    private static String percent(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    // Buttons

    /** A click on {@code actionId} with {@code value} by {@code slackUser}: the new card, or why not. */
    public Reply click(String slackUser, String actionId, String value) {
        Action action = actionId.equals("release.run-regression")
                ? Action.RELEASE_REGRESSION
                : Action.RELEASE_ROLLOUT;
        Optional<Actor> actor = actor(slackUser, action, Message.clip(actionId, 60));
        if (actor.isEmpty()) {
            return unlinked(slackUser);
        }
        if (!RELEASE_BUTTONS.containsKey(actionId)) {
            return Reply.toAsker("This button is not Mainline's any more.");
        }
        String[] parts = value.split(":", 2);
        long id;
        Optional<Double> to;
        try {
            id = Long.parseLong(parts[0]);
            to = actionId.equals("release.increase-rollout") && parts.length > 1
                    ? Optional.of(Double.parseDouble(parts[1]))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Reply.toAsker("This button does not name a release.");
        }
        Release after;
        try {
            if (actionId.equals("release.confirm") && parts.length > 1) {
                Release now = services.releases().find(actor.get(), id);
                if (now.pending().map(pending -> !pending.command().name().equals(parts[1])).orElse(true)) {
                    return Reply.toAsker("Nothing shown on this card waits for a confirmation any more; look at the"
                            + " release again.");
                }
            }
            ReleaseCommand command = switch (actionId) {
                case "release.run-regression" -> new ReleaseCommand.RunRegression();
                case "release.increase-rollout" -> new ReleaseCommand.IncreaseRollout(to);
                case "release.pause-rollout" -> new ReleaseCommand.PauseRollout();
                case "release.halt-rollout" -> new ReleaseCommand.HaltRollout("halted from Slack by "
                        + actor.get().login());
                default -> new ReleaseCommand.Confirm();
            };
            after = services.releases().act(actor.get(), id, command);
        } catch (MainlineException e) {
            return refusal(e);
        }
        // Done: from here on nothing may make it look undone (a forge that is down only blanks the ticket count).
        App app = services.apps().findByKey(after.app()).orElseThrow();
        Message card = Message.message().text("%s %s: %s by %s".formatted(app.displayName(), after.version(),
                actionId.substring("release.".length()), actor.get().login()));
        releaseCard(card, actor.get(), app, after, true);
        card.context(List.of("%s by <@%s>".formatted(actionId.substring("release.".length()), slackUser)));
        return Reply.toChannel(card);
    }

    // Failures, logs and tests

    private Reply search(Actor actor, String text) {
        if (text.isBlank()) {
            return Reply.toAsker("What to look for? `%s search <error text>`".formatted(command));
        }
        List<FailureSearch.SimilarFailure> found = services.failures().similar(actor, text, 5);
        if (found.isEmpty()) {
            return Reply.toAsker("No failure like that was seen before.");
        }
        Message message = Message.message().text("Failures like \"%s\"".formatted(Message.clip(text, 100)))
                .header("Failures like this");
        for (FailureSearch.SimilarFailure similar : found) {
            var group = similar.group();
            message.section("*%s*%s\n```%s```".formatted(escape(Message.clip(group.title(), 200)),
                    similar.exact() ? " (the same failure)" : "", escape(Message.clip(group.signature(), 600))));
            List<String> context = new ArrayList<>();
            context.add("seen %d times, last %s".formatted(group.count(), TIME.format(group.lastSeen())));
            context.add(link(publicUrl + "/api/v1/failures/" + group.id(), "Group"));
            similar.recent().stream().flatMap(occurrence -> occurrence.logId().stream()).limit(3)
                    .forEach(log -> context.add(link(publicUrl + "/api/v1/logs/" + log + "/text", "log " + log)));
            message.context(context);
        }
        return Reply.toAsker(message);
    }

    private Reply logs(Actor actor, String version) {
        if (version.isBlank()) {
            return Reply.toAsker("Which release? `%s logs <version>`".formatted(command));
        }
        FailureSearch.ReleaseView view = services.failures().release(actor, version, 100);
        List<StoredLog> failed = view.logs().stream()
                .filter(log -> log.source().outcome() == dev.mainline.logs.LogOutcome.FAILURE || log.failures() > 0)
                .toList();
        Message message = Message.message().text("Failures of release " + version)
                .header("Failures of release " + version);
        if (failed.isEmpty() && view.errors().isEmpty()) {
            return Reply.toAsker("No failed build or release log is kept for release %s.".formatted(escape(
                    version)));
        }
        for (StoredLog log : failed.subList(0, Math.min(failed.size(), 20))) {
            message.section("%s *%s* (%s, attempt %d) %s".formatted(log.source().kind().wireName(),
                    escape(log.source().job()), escape(log.source().repository().value()), log.source().attempt(),
                    link(publicUrl + "/api/v1/logs/" + log.id() + "/text", "full log")));
        }
        if (!view.errors().isEmpty()) {
            message.divider();
            view.errors().stream().limit(10).forEach(group -> message.section("*%s* seen %d times %s".formatted(
                    escape(Message.clip(group.title(), 200)), group.count(),
                    link(publicUrl + "/api/v1/failures/" + group.id(), "group"))));
        }
        return Reply.toAsker(message);
    }

    /** The user's names as commits and CI runs know them: their login, GitHub login and email. */
    private Set<String> names(Actor actor) {
        Set<String> names = new LinkedHashSet<>();
        names.add(actor.login());
        services.users().findByLogin(actor.login()).ifPresent(user -> {
            user.handles().githubLogin().ifPresent(names::add);
            user.handles().email().ifPresent(names::add);
        });
        return names;
    }

    /** The user's flaky tests in every repository they may read. */
    List<TestSummary> flakyTests(Actor actor) {
        Set<String> names = names(actor);
        Map<Long, TestSummary> found = new LinkedHashMap<>();
        for (SourceRepository repository : readable(actor, Action.TEST_RESULTS_READ)) {
            TestViews.AuthorFlakyTests tests = services.tests().flakyForAuthor(actor, repository.name(), names,
                    services.files(), AUTHOR_WINDOW);
            tests.failedOnTheirChanges().forEach(test -> found.putIfAbsent(test.test().id(), test));
            tests.inFilesTheyChanged().forEach(test -> found.putIfAbsent(test.test().id(), test));
        }
        return List.copyOf(found.values());
    }

    private Reply flaky(Actor actor) {
        List<TestSummary> tests = flakyTests(actor);
        if (tests.isEmpty()) {
            return Reply.toAsker("None of your changes in the last 30 days met a flaky test. :tada:");
        }
        Message message = Message.message().text("Your flaky tests").header("Your flaky tests");
        tests.stream().limit(40).forEach(test -> message.section(testLine(test)));
        return Reply.toAsker(message);
    }

    private String testLine(TestSummary test) {
        return "*%s* `%s`\n%s · %s%s".formatted(escape(Message.clip(test.test().name(), 300)),
                escape(Message.clip(test.test().className(), 300)), escape(test.test().repository().value()),
                test.health().map(StoredHealth::health).map(health -> health.name().toLowerCase(Locale.ROOT))
                        .orElse("healthy"),
                test.quarantine().isPresent() ? " · quarantined" : "");
    }

    // The merge queue

    private List<SourceRepository> readable(Actor actor, Action action) {
        return services.repositories().list(PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
                .filter(repository -> actor.may(action.requiredRole(), Scope.repository(repository.name()
                        .value())))
                .toList();
    }

    private static RepositoryName repository(String text) {
        if (text.isBlank()) {
            throw MainlineException.invalid("name a repository as owner/name");
        }
        return new RepositoryName(text);
    }

    private Reply queue(Actor actor, String rest) {
        RepositoryName name = repository(rest.split("\\s+")[0]);
        QueueStatus status = services.queues().status(actor, name);
        Set<String> mine = names(actor);
        Message message = Message.message().text("Merge queue of " + name).header("Merge queue of " + name);
        message.section("*Main:* `%s`   *Queued:* %d   *Builds:* %d%s".formatted(escape(Message.clip(status.main(),
                12)), status.entries().size(), status.buildsInFlight(), status.lockReason()
                        .map(reason -> "\n:lock: *Locked:* " + escape(reason)).orElse("")));
        List<QueueStatus.Entry> yours = status.entries().stream().filter(entry -> mine.contains(entry.author()))
                .toList();
        if (!yours.isEmpty()) {
            message.section("*Yours:*\n" + String.join("\n", yours.stream().map(ChatOps::entryLine).toList()));
        }
        List<String> lines = status.entries().stream().limit(30).map(ChatOps::entryLine).toList();
        if (!lines.isEmpty()) {
            message.section(String.join("\n", lines));
        }
        return Reply.toAsker(message);
    }

    private static String entryLine(QueueStatus.Entry entry) {
        return "%d. #%d by %s%s%s".formatted(entry.position(), entry.pullRequest(), escape(entry.author()),
                entry.priority().name().equals("NORMAL")
                        ? ""
                        : " (" + entry.priority().name().toLowerCase(
                                Locale.ROOT) + ")",
                entry.expectedMergeAt().map(eta -> ", ETA " + TIME.format(eta)).orElse(""));
    }

    private Reply lock(Actor actor, String rest) {
        String[] words = rest.split("\\s+", 2);
        RepositoryName name = repository(words[0]);
        if (words.length < 2 || words[1].isBlank()) {
            return Reply.toAsker("Say why: `%s lock <owner/repo> <reason>`".formatted(command));
        }
        services.queues().lock(actor, name, words[1]);
        return Reply.toChannel(Message.message().text("%s locked the merge queue of %s".formatted(actor.login(),
                name)).section(":lock: *%s* locked the merge queue of `%s`: %s".formatted(escape(actor.login()),
                        escape(name.value()), escape(words[1]))));
    }

    private Reply unlock(Actor actor, String rest) {
        RepositoryName name = repository(rest.split("\\s+")[0]);
        services.queues().unlock(actor, name);
        return Reply.toChannel(Message.message().text("%s unlocked the merge queue of %s".formatted(actor.login(),
                name)).section(":unlock: *%s* unlocked the merge queue of `%s`".formatted(escape(actor.login()),
                        escape(name.value()))));
    }

    private Reply emergency(Actor actor, String rest) {
        String[] words = rest.split("\\s+", 3);
        if (words.length < 3 || words[2].isBlank()) {
            return Reply.toAsker("`%s emergency <owner/repo> <pull request> <reason>`".formatted(command));
        }
        RepositoryName name = repository(words[0]);
        int number;
        try {
            number = Integer.parseInt(words[1].replace("#", ""));
        } catch (NumberFormatException e) {
            return Reply.toAsker("`%s` is not a pull request number.".formatted(escape(Message.clip(words[1],
                    20))));
        }
        // The role first: who may not merge learns nothing about the pull request.
        services.authorizer().require(actor, Action.QUEUE_EMERGENCY_MERGE, Scope.repository(name.value()),
                "repository:%s#%d".formatted(name, number));
        String branch = services.pullRequests().branchToQueue(actor, name, number);
        services.queues().emergencyMerge(actor, name, number, branch, words[2]);
        return Reply.toChannel(Message.message().text("Emergency merge of #%d in %s".formatted(number, name))
                .section(":rotating_light: *%s* merged #%d into `%s` without the queue: %s".formatted(escape(actor
                        .login()), number, escape(name.value()), escape(words[2]))));
    }

    // Follows and the App Home

    private Reply follow(Actor actor, String rest, boolean follow) {
        if (rest.isBlank()) {
            return Reply.toAsker("Which app? `%s %s <app>`".formatted(command, follow ? "follow" : "unfollow"));
        }
        AppKey key = new AppKey(rest.split("\\s+")[0]);
        services.authorizer().require(actor, Action.RELEASE_READ, Scope.app(key.value()), "app:" + key);
        services.apps().findByKey(key).orElseThrow(() -> MainlineException.notFound("app '%s' does not exist",
                key));
        boolean changed = follow
                ? services.follows().follow(actor.userId(), key, services.clock().instant())
                : services.follows().unfollow(actor.userId(), key);
        return Reply.toAsker(follow
                ? (changed ? "You follow %s's releases now: they are on your App Home." : "You follow %s already.")
                        .formatted(key)
                : (changed ? "You no longer follow %s." : "You did not follow %s.").formatted(key));
    }

    /** The App Home of {@code slackUser}: their queued pull requests, flaky tests and followed releases. */
    public List<com.slack.api.model.block.LayoutBlock> home(String slackUser) {
        Message view = Message.view().header("Mainline");
        Optional<Actor> found = actor(slackUser, Action.RELEASE_READ, "app-home");
        if (found.isEmpty()) {
            return view.section(unlinked(slackUser).text()).blocks();
        }
        Actor actor = found.get();
        Set<String> names = names(actor);
        view.section("*Your pull requests in merge queues*");
        List<String> queued = new ArrayList<>();
        for (SourceRepository repository : readable(actor, Action.QUEUE_READ)) {
            try {
                services.queues().status(actor, repository.name()).entries().stream()
                        .filter(entry -> names.contains(entry.author()))
                        .forEach(entry -> queued.add("`%s` %s".formatted(escape(repository.name().value()),
                                entryLine(entry))));
            } catch (RuntimeException e) {
                // A repository whose queue cannot run (or cannot be read now) shows nothing queued.
                LOG.log(Level.FINE, "cannot read the queue of " + repository.name(), e);
            }
        }
        view.section(queued.isEmpty() ? "_None queued._" : String.join("\n", queued));
        view.divider().section("*Your flaky tests*");
        try {
            List<TestSummary> flaky = flakyTests(actor);
            if (flaky.isEmpty()) {
                view.section("_None in the last 30 days._");
            }
            flaky.stream().limit(15).forEach(test -> view.section(testLine(test)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot read the flaky tests of " + actor.login(), e);
            view.section("_Not available just now._");
        }
        view.divider().section("*Releases you follow*");
        List<AppKey> followed = services.follows().followed(actor.userId());
        if (followed.isEmpty()) {
            view.section("_None: `%s follow <app>` adds one._".formatted(command));
        }
        for (AppKey key : followed) {
            Optional<App> app = services.apps().findByKey(key);
            if (app.isEmpty() || !actor.may(Role.VIEWER, Scope.app(key.value()))) {
                continue;
            }
            for (Platform platform : app.get().platforms()) {
                services.releases().list(actor, key, Optional.of(platform), 1).stream().findFirst()
                        .ifPresent(release -> releaseCard(view, actor, app.get(), release, false));
            }
        }
        return view.blocks();
    }

    // Notices

    /** The Slack user of the Mainline user or forge login {@code author}, when linked. */
    public Optional<String> slackUserOf(String author) {
        return services.users().findByLogin(author).or(() -> services.users().findByGithubLogin(author.toLowerCase(
                Locale.ROOT))).flatMap(user -> user.handles().slackUserId());
    }

    /**
     * The DM to a pull request's author of what the queue tells them (taken out and why): with a link to its queue
     * history and to the repository's failed build logs, the newest first.
     */
    public Reply notice(dev.mainline.mergequeue.QueueNotices.Notice notice) {
        String repository = notice.repository().value();
        Message message = Message.message().text(escape("%s #%d: %s".formatted(repository, notice.pullRequest(),
                notice.message()))).section(":rotating_light: *%s #%d*\n%s".formatted(escape(repository),
                        notice.pullRequest(), escape(Message.clip(notice.message(), 2500))));
        message.context(List.of(link("%s/api/v1/repositories/%s/queue/pull-requests/%d/history".formatted(publicUrl,
                repository, notice.pullRequest()), "Queue history"), link(
                        "%s/api/v1/logs?repository=%s&outcome=failure"
                                .formatted(publicUrl, repository),
                        "Failed build logs")));
        return Reply.toAsker(message);
    }
}
