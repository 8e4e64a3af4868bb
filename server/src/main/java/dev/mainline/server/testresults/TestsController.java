package dev.mainline.server.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.identity.Actor;
import dev.mainline.identity.UserStore;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.server.http.Requests;
import dev.mainline.testresults.FailureVerdict;
import dev.mainline.testresults.JobSummary;
import dev.mainline.testresults.Quarantine;
import dev.mainline.testresults.StoredFailure;
import dev.mainline.testresults.StoredHealth;
import dev.mainline.testresults.TestHealth;
import dev.mainline.testresults.TestName;
import dev.mainline.testresults.TestQuarantines;
import dev.mainline.testresults.TestRun;
import dev.mainline.testresults.TestSummary;
import dev.mainline.testresults.TestViews;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A repository's tests: the troubled ones (flaky, broken, quarantined), one in detail, its quarantine, and the
 * question CI asks before failing a run: are all these failures excused?
 */
@RestController
@RequestMapping(path = "/api/v1/repositories/{owner}/{name}", produces = "application/json")
public class TestsController {
    private static final Duration AUTHOR_WINDOW = Duration.ofDays(30);

    private final TestViews views;
    private final TestQuarantines quarantines;
    private final UserStore users;
    private final RepositoryFiles files;

    public TestsController(TestViews views, TestQuarantines quarantines, Stores stores, RepositoryFiles files) {
        this.views = requireNonNull(views, "views is null");
        this.quarantines = requireNonNull(quarantines, "quarantines is null");
        this.users = requireNonNull(stores, "stores is null").users();
        this.files = requireNonNull(files, "files is null");
    }

    record QuarantineView(String state, String stateInForce, String owner, String reason, String ticket,
            Instant expiresAt, String changedBy, Instant changedAt) {
        static QuarantineView of(Quarantine quarantine, Instant now) {
            return new QuarantineView(quarantine.state().key(), quarantine.stateAt(now).key(),
                    quarantine.owner().orElse(null), quarantine.reason(), quarantine.ticket().orElse(null),
                    quarantine.expiresAt().orElse(null), quarantine.changedBy(), quarantine.changedAt());
        }
    }

    record FailureView(long run, int attempt, String outcome, boolean passedOnRetry, String type, String message,
            String stackTrace, Instant at) {
        static FailureView of(StoredFailure failure) {
            return new FailureView(failure.runId(), failure.attempt(), failure.outcome().name().toLowerCase(
                    Locale.ROOT), failure.passedLater(), failure.failureType().orElse(null),
                    failure.message().orElse(null), failure.stackTrace().orElse(null), failure.at());
        }
    }

    record TestView(long id, String suite, String className, String name, String file, String health,
            double flakiness, List<String> reasons, Instant classifiedAt, QuarantineView quarantine,
            List<FailureView> latestFailures) {
        static TestView of(TestSummary summary) {
            Instant now = Instant.now();
            return new TestView(summary.test().id(), summary.test().suite(), summary.test().className(),
                    summary.test().name(), summary.test().file().orElse(null),
                    summary.health().map(health -> health.health().name().toLowerCase(Locale.ROOT)).orElse("healthy"),
                    summary.health().map(StoredHealth::score).orElse(0.0),
                    summary.health().map(StoredHealth::reasons).orElse(List.of()),
                    summary.health().map(StoredHealth::at).orElse(null),
                    summary.quarantine().map(quarantine -> QuarantineView.of(quarantine, now)).orElse(null),
                    summary.latestFailures().stream().map(FailureView::of).toList());
        }
    }

    record QuarantineRequest(String owner, String reason, String ticket, String expiresAt) {
    }

    record NoteRequest(String reason) {
    }

    record FailedTest(String suite, String className, String name) {
    }

    record VerdictRequest(List<FailedTest> failures) {
    }

    record JudgedView(String suite, String className, String name, boolean excused, String why, Long testId,
            String health, String quarantine) {
    }

    record VerdictView(boolean allExcused, int failures, int counted, List<JudgedView> judged) {
        static VerdictView of(FailureVerdict verdict) {
            return new VerdictView(verdict.allExcused(), verdict.failures().size(), verdict.counted().size(),
                    verdict.failures().stream().map(judged -> new JudgedView(judged.test().suite(),
                            judged.test().className(), judged.test().name(), judged.excused(), judged.why(),
                            judged.testId().orElse(null), judged.health().map(health -> health.name().toLowerCase(
                                    Locale.ROOT)).orElse(null),
                            judged.state().map(state -> state.key())
                                    .orElse(null)))
                            .toList());
        }
    }

    record TrendView(String day, int jobs, int failedJobs, double failedJobShare, int failures, int flakyFailures) {
    }

    /** Per day: CI jobs, the share failing, failures and flaky failures; with {@code team}, that team's tests only. */
    @GetMapping("/test-trends")
    public List<TrendView> trends(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestParam(defaultValue = "30") int days, @RequestParam(required = false) String team) {
        return views.trends(actor, repository(owner, name), Optional.ofNullable(team), days).stream()
                .map(trend -> new TrendView(trend.day().toString(), trend.jobs(), trend.failedJobs(),
                        Math.round(trend.failedJobShare() * 1000) / 1000.0, trend.failures(), trend.flakyFailures()))
                .toList();
    }

    record AuthorView(String author, List<TestView> failedOnTheirChanges, List<TestView> inFilesTheyChanged) {
    }

    record FailedTestView(long testId, String suite, String className, String name, String test, long report,
            int attempt, String outcome, boolean passedOnRetry, String type, String message, Instant at) {
    }

    record TestRunView(String repository, String commit, String branch, Integer pullRequest, String job, int attempt,
            String author, int reports, int tests, int failed, Instant firstAt, Instant lastAt,
            List<FailedTestView> failures) {
        static TestRunView of(JobSummary summary) {
            TestRun run = summary.job().run();
            return new TestRunView(run.repository().value(), run.commit(), run.branch().orElse(null),
                    run.pullRequest().orElse(null), run.job(), run.attempt(), run.author().orElse(null),
                    summary.job().reports(), summary.job().tests(), summary.job().failed(), summary.job().firstAt(),
                    summary.job().lastAt(), summary.failures().stream().map(failed -> new FailedTestView(
                            failed.test().id(), failed.test().suite(), failed.test().className(),
                            failed.test().name(), "/api/v1/repositories/%s/tests/%d".formatted(run.repository(),
                                    failed.test().id()),
                            failed.failure().runId(), failed.failure().attempt(), failed.failure().outcome().name()
                                    .toLowerCase(Locale.ROOT),
                            failed.failure().passedLater(),
                            failed.failure().failureType().orElse(null), failed.failure().message().orElse(null),
                            failed.failure().at())).toList());
        }
    }

    /**
     * What the reports of one CI job run held, once stored (the same parameters as the upload): totals and failures.
     * The merge queue's history links its builds' runs here.
     */
    @GetMapping("/test-runs")
    public TestRunView testRun(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestParam String commit, @RequestParam String job, @RequestParam(defaultValue = "1") int attempt) {
        RepositoryName repository = repository(owner, name);
        // The upload's own checks, so a link and an upload agree on what is valid.
        TestRun run = new TestRun(repository, commit, Optional.empty(), Optional.empty(), job, attempt);
        return TestRunView.of(views.job(actor, repository, run.commit(), run.job(), run.attempt()));
    }

    /** The troubled tests, or with {@code team} the flaky ones a CODEOWNERS team owns. */
    @GetMapping("/tests")
    public List<TestView> troubled(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestParam(required = false) String health, @RequestParam(required = false) String team) {
        if (team != null) {
            return views.flakyForTeam(actor, repository(owner, name), team).stream().map(TestView::of).toList();
        }
        Optional<TestHealth> wanted = Optional.ofNullable(health).map(TestsController::health);
        return views.troubled(actor, repository(owner, name), wanted).stream().map(TestView::of).toList();
    }

    /** An author's flaky tests ("my flaky tests" without {@code author}): failed on their changes, or in their files. */
    @GetMapping("/flaky-tests/by-author")
    public AuthorView byAuthor(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestParam(required = false) String author) {
        String login = author == null ? actor.login() : author;
        Set<String> names = new LinkedHashSet<>();
        names.add(login);
        users.findByLogin(login).ifPresent(user -> {
            user.handles().githubLogin().ifPresent(names::add);
            user.handles().email().ifPresent(names::add);
        });
        TestViews.AuthorFlakyTests tests = views.flakyForAuthor(actor, repository(owner, name), names, files,
                AUTHOR_WINDOW);
        return new AuthorView(login, tests.failedOnTheirChanges().stream().map(TestView::of).toList(),
                tests.inFilesTheyChanged().stream().map(TestView::of).toList());
    }

    @GetMapping("/tests/{id}")
    public TestView test(Actor actor, @PathVariable String owner, @PathVariable String name, @PathVariable long id) {
        return TestView.of(views.detail(actor, repository(owner, name), id));
    }

    @PutMapping(path = "/tests/{id}/quarantine", consumes = "application/json")
    public QuarantineView quarantine(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable long id, @RequestBody QuarantineRequest request) {
        Requests.required(request, "body");
        Optional<Instant> expiresAt = Optional.ofNullable(request.expiresAt()).map(text -> {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw MainlineException.invalid("expiresAt must be an ISO-8601 instant such as"
                        + " 2026-12-01T00:00:00Z, got '%s'", dev.mainline.common.Checks.echo(text));
            }
        });
        Quarantine quarantine = quarantines.quarantine(actor, repository(owner, name), id, new TestQuarantines.Request(
                Optional.ofNullable(request.owner()), Requests.required(request.reason(), "reason"),
                Optional.ofNullable(request.ticket()), expiresAt));
        return QuarantineView.of(quarantine, Instant.now());
    }

    @PostMapping(path = "/tests/{id}/fixed", consumes = "application/json")
    public QuarantineView fixed(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable long id, @RequestBody NoteRequest request) {
        Requests.required(request, "body");
        return QuarantineView.of(quarantines.markFixed(actor, repository(owner, name), id,
                Requests.required(request.reason(), "reason")), Instant.now());
    }

    @PostMapping(path = "/tests/{id}/release", consumes = "application/json")
    public QuarantineView release(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable long id, @RequestBody NoteRequest request) {
        Requests.required(request, "body");
        return QuarantineView.of(quarantines.release(actor, repository(owner, name), id,
                Requests.required(request.reason(), "reason")), Instant.now());
    }

    @PostMapping(path = "/test-failures/verdict", consumes = "application/json")
    public VerdictView verdict(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestBody VerdictRequest request) {
        Requests.required(request, "body");
        List<TestName> failures = Requests.requiredList(request.failures(), "failures", 10_000).stream()
                .map(failed -> new TestName(Requests.required(failed.suite(), "failures[].suite"),
                        Optional.ofNullable(failed.className()).orElse(""),
                        Requests.required(failed.name(), "failures[].name")))
                .toList();
        return VerdictView.of(quarantines.judge(actor, repository(owner, name), failures));
    }

    private static TestHealth health(String key) {
        for (TestHealth health : TestHealth.values()) {
            if (health.name().equalsIgnoreCase(key)) {
                return health;
            }
        }
        throw MainlineException.invalid("health must be one of healthy, flaky, broken, unknown; got '%s'",
                dev.mainline.common.Checks.echo(key));
    }

    private static RepositoryName repository(String owner, String name) {
        return new RepositoryName(owner + "/" + name);
    }
}
