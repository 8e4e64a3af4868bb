package dev.mainline.server.releases;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.Platform;
import dev.mainline.common.AppKey;
import dev.mainline.common.MainlineException;
import dev.mainline.identity.Actor;
import dev.mainline.releases.Release;
import dev.mainline.releases.ReleaseCommand;
import dev.mainline.releases.ReleaseEvent;
import dev.mainline.releases.ReleaseContents;
import dev.mainline.releases.ReleaseService;
import dev.mainline.releases.ReleaseTests;
import dev.mainline.releases.Runbook;
import dev.mainline.server.http.Requests;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mobile releases over HTTP: cut, list, show, history, every runbook action ({@code POST …/actions} with its name), and
 * an app's runbook. A refusal by the runbook is a {@code 409 gate-not-met} naming the gate.
 */
@RestController
public class ReleaseController {
    private final ReleaseService releases;
    private final ReleaseTests tests;
    private final ReleaseContents contents;

    public ReleaseController(ReleaseService releases, ReleaseTests tests, ReleaseContents contents) {
        this.releases = requireNonNull(releases, "releases is null");
        this.tests = requireNonNull(tests, "tests is null");
        this.contents = requireNonNull(contents, "contents is null");
    }

    record ChangeView(String commit, String subject, String author, Integer pullRequest, String pullRequestTitle) {
    }

    record ContentsView(String repository, String since, List<ChangeView> changes, List<String> tickets,
            int ticketCount, boolean truncated) {
    }

    /** The commits, pull requests and tickets on the release's branch since the previous release. */
    @GetMapping(path = "/api/v1/releases/{id:\\d+}/contents", produces = "application/json")
    public ResponseEntity<ContentsView> contents(Actor actor, @PathVariable long id) {
        return contents.of(actor, id).map(found -> ResponseEntity.ok(new ContentsView(found.repository().value(),
                found.since().orElse(null), found.contents().changes().stream().map(change -> new ChangeView(
                        change.commit(), change.subject(), change.author(), change.pullRequest().orElse(null),
                        change.pullRequestTitle().orElse(null))).toList(),
                List.copyOf(found.contents().tickets()),
                found.contents().tickets().size(), found.contents().truncated())))
                .orElseThrow(() -> MainlineException.notFound("release %d's app has no repository configured, or"
                        + " its branch is not in it", id));
    }

    record ReleaseTestView(long id, String repository, String suite, String className, String name, String health,
            String link) {
    }

    /** The tests that failed on the release's branch, with their health: its failing and flaky tests. */
    @GetMapping(path = "/api/v1/releases/{id:\\d+}/tests", produces = "application/json")
    public List<ReleaseTestView> tests(Actor actor, @PathVariable long id) {
        return tests.of(actor, id).stream().map(found -> new ReleaseTestView(found.test().id(),
                found.test().repository().value(), found.test().suite(), found.test().className(),
                found.test().name(), found.health().name().toLowerCase(java.util.Locale.ROOT),
                "/api/v1/repositories/%s/tests/%d".formatted(found.test().repository().value(), found.test().id())))
                .toList();
    }

    record PendingView(String action, String requestedBy, Instant requestedAt) {
    }

    record ReleaseView(long id, String app, String platform, String version, String build, String branch,
            String state, double rolloutPercent, Set<String> approvals, Double crashFreeRate, Instant crashFreeAt,
            PendingView pending, String previousBuild, long revision, Instant createdAt, Instant updatedAt,
            String history, String logs, String tests, String contents) {
        static ReleaseView of(Release release) {
            return new ReleaseView(release.id(), release.app().value(), release.platform().key(), release.version(),
                    release.build().orElse(null), release.branch(), release.state().wireName(),
                    release.rolloutPercent(), release.approvals(), release.crashFreeRate().orElse(null),
                    release.crashFreeAt().orElse(null), release.pending().map(pending -> new PendingView(
                            pending.command().name(), pending.requestedBy(), pending.requestedAt())).orElse(null),
                    release.previousBuild().orElse(null), release.revision(), release.createdAt(),
                    release.updatedAt(), "/api/v1/releases/%d/history".formatted(release.id()),
                    "/api/v1/releases/%s/logs".formatted(release.version()),
                    "/api/v1/releases/%d/tests".formatted(release.id()),
                    "/api/v1/releases/%d/contents".formatted(release.id()));
        }
    }

    record CutRequest(String platform, String version, String branch) {
    }

    @PostMapping(path = "/api/v1/apps/{app}/releases", produces = "application/json")
    public ResponseEntity<ReleaseView> cut(Actor actor, @PathVariable String app, @RequestBody CutRequest request) {
        Release cut = contents.cut(actor, new AppKey(app), Platform.fromKey(Requests.required(request.platform(),
                "platform")), Requests.required(request.version(), "version"), Optional.ofNullable(request.branch()));
        return ResponseEntity.status(HttpStatus.CREATED).body(ReleaseView.of(cut));
    }

    @GetMapping(path = "/api/v1/apps/{app}/releases", produces = "application/json")
    public List<ReleaseView> list(Actor actor, @PathVariable String app,
            @RequestParam(required = false) String platform, @RequestParam(defaultValue = "20") int limit) {
        return releases.list(actor, new AppKey(app), Optional.ofNullable(platform).map(Platform::fromKey), limit)
                .stream().map(ReleaseView::of).toList();
    }

    @GetMapping(path = "/api/v1/releases/{id:\\d+}", produces = "application/json")
    public ReleaseView show(Actor actor, @PathVariable long id) {
        return ReleaseView.of(releases.find(actor, id));
    }

    record EventView(Instant at, String actor, String action, String outcome, String state, double rolloutPercent,
            String detail) {
    }

    @GetMapping(path = "/api/v1/releases/{id:\\d+}/history", produces = "application/json")
    public List<EventView> history(Actor actor, @PathVariable long id) {
        return releases.history(actor, id).stream().map((ReleaseEvent event) -> new EventView(event.at(),
                event.actor(), event.command(), event.outcome(), event.state().wireName(), event.rolloutPercent(),
                event.detail())).toList();
    }

    /**
     * One runbook action: {@code action} is its name ({@code record-build}, {@code run-regression},
     * {@code regression-result}, {@code approve}, {@code submit}, {@code review-result}, {@code crash-free-rate},
     * {@code start-rollout}, {@code increase-rollout}, {@code pause-rollout}, {@code halt-rollout},
     * {@code resume-rollout}, {@code complete-rollout}, {@code roll-back}, {@code confirm}); the other fields are what
     * it needs.
     */
    record ActionRequest(String action, String build, Boolean passed, String link, Boolean approved, String reason,
            Double rate, Double to) {
    }

    @PostMapping(path = "/api/v1/releases/{id:\\d+}/actions", produces = "application/json")
    public ReleaseView act(Actor actor, @PathVariable long id, @RequestBody ActionRequest request) {
        return ReleaseView.of(releases.act(actor, id, command(request)));
    }

    static ReleaseCommand command(ActionRequest request) {
        String action = Requests.required(request.action(), "action");
        return switch (action) {
            case "record-build" -> new ReleaseCommand.RecordBuild(Requests.required(request.build(), "build"));
            case "run-regression" -> new ReleaseCommand.RunRegression();
            case "regression-result" ->
                new ReleaseCommand.RegressionResult(Requests.required(request.passed(), "passed"),
                        Optional.ofNullable(request.link()));
            case "approve" -> new ReleaseCommand.Approve();
            case "submit" -> new ReleaseCommand.Submit();
            case "review-result" -> new ReleaseCommand.ReviewResult(Requests.required(request.approved(), "approved"),
                    Optional.ofNullable(request.reason()).orElse(""));
            case "crash-free-rate" -> new ReleaseCommand.ReportCrashFreeRate(Requests.required(request.rate(), "rate"));
            case "start-rollout" -> new ReleaseCommand.StartRollout();
            case "increase-rollout" -> new ReleaseCommand.IncreaseRollout(Optional.ofNullable(request.to()));
            case "pause-rollout" -> new ReleaseCommand.PauseRollout();
            case "halt-rollout" -> new ReleaseCommand.HaltRollout(Requests.required(request.reason(), "reason"));
            case "resume-rollout" -> new ReleaseCommand.ResumeRollout();
            case "complete-rollout" -> new ReleaseCommand.CompleteRollout();
            case "roll-back" -> new ReleaseCommand.RollBack(Requests.required(request.reason(), "reason"));
            case "confirm" -> new ReleaseCommand.Confirm();
            default -> throw MainlineException.invalid("action '%s' is not known", action.length() > 40
                    ? action.substring(0, 40) + "…"
                    : action);
        };
    }

    record RunbookView(List<Double> rolloutSteps, int requiredApprovals, double minCrashFreeRate,
            boolean twoPersonHalt, boolean twoPersonFull) {
        static RunbookView of(Runbook runbook) {
            return new RunbookView(runbook.rolloutSteps(), runbook.requiredApprovals(), runbook.minCrashFreeRate(),
                    runbook.twoPersonHalt(), runbook.twoPersonFull());
        }
    }

    @GetMapping(path = "/api/v1/apps/{app}/runbook", produces = "application/json")
    public RunbookView runbook(Actor actor, @PathVariable String app) {
        return RunbookView.of(releases.runbook(actor, new AppKey(app)));
    }

    @PutMapping(path = "/api/v1/apps/{app}/runbook", produces = "application/json")
    public RunbookView setRunbook(Actor actor, @PathVariable String app, @RequestBody RunbookView request) {
        return RunbookView.of(releases.setRunbook(actor, new AppKey(app),
                new Runbook(Requests.required(request.rolloutSteps(),
                        "rolloutSteps"), request.requiredApprovals(), request.minCrashFreeRate(),
                        request.twoPersonHalt(),
                        request.twoPersonFull())));
    }
}
