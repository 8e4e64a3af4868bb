package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.CiOutcome;
import dev.mainline.mergequeue.ContinuousIntegration.CiRun;
import dev.mainline.testing.TestingClock;
import dev.mainline.testing.github.FakeGitHub;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CI results read from GitHub's checks on the queue's build commits. */
class GitHubChecksCiTest {
    private final TestingClock clock = new TestingClock(Instant.now());
    private FakeGitHub github;
    private GitHubChecksCi ci;
    private String commit;
    private final List<CiRun> results = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        github = new FakeGitHub("acme/api", "t", clock);
        commit = github.commit(null, "build", Map.of("a", "b"));
        GitHubRepository repository = new GitHubRepository(
                GitHubApi.create(github.url(), name -> "Bearer t", Duration.ZERO), "acme/api");
        ci = new GitHubChecksCi(repository, List.of("ci/test"), QueueCheckRuns.NAME, Duration.ofMinutes(30), clock);
    }

    @AfterEach
    void tearDown() {
        ci.close();
        github.close();
    }

    @Test
    void theRequiredCheckDecidesAndOtherChecksDoNot() {
        ci.start(new BuildId(1), commit, results::add);
        github.reportCheck(commit, "lint", "failure");
        github.reportCheck(commit, "ci/test", null);
        ci.checksChanged(commit);
        github.reportCheck(commit, "ci/test", "success");
        ci.checksChanged(commit);

        await().atMost(Duration.ofSeconds(10)).until(() -> !results.isEmpty());
        assertThat(results).singleElement().satisfies(run -> {
            assertThat(run.outcome()).isEqualTo(CiOutcome.PASSED);
            assertThat(run.summary()).isEqualTo("passed: ci/test");
        });
    }

    @Test
    void testingACommitAgainAfterAFailureRunsItsFailedCheckAgainInsteadOfReadingTheOldResult() {
        AtomicInteger runs = new AtomicInteger();
        github.runCi("ci/test", sha -> runs.incrementAndGet() > 1);
        github.push("mainline/builds/1", commit);
        await().atMost(Duration.ofSeconds(10)).until(() -> !github.checkRuns(commit, "ci/test").isEmpty());
        ci.start(new BuildId(1), commit, results::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> !results.isEmpty());
        assertThat(results.getFirst().outcome()).isEqualTo(CiOutcome.FAILED);

        // The queue suspects a flake and tests the same commit again.
        clock.advance(Duration.ofMinutes(1));
        ci.start(new BuildId(2), commit, results::add);

        await("the failed check runs again").atMost(Duration.ofSeconds(10))
                .until(() -> github.rerequestedCheckRuns().size() == 1);
        await("its new result is read").atMost(Duration.ofSeconds(10)).until(() -> {
            ci.poll();
            return results.size() == 2;
        });
        assertThat(results.get(1).outcome()).isEqualTo(CiOutcome.PASSED);
        assertThat(runs).hasValue(2);
    }

    @Test
    void noResultWithinTheTimeoutFails() {
        ci.start(new BuildId(1), commit, results::add);
        clock.advance(Duration.ofMinutes(31));
        ci.poll();

        await().atMost(Duration.ofSeconds(10)).until(() -> !results.isEmpty());
        assertThat(results.getFirst().outcome()).isEqualTo(CiOutcome.FAILED);
        assertThat(results.getFirst().summary()).contains("no CI result within PT30M", "ci/test");
    }
}
