package dev.mainline.testresults;

import static dev.mainline.testresults.TestOutcome.ERROR;
import static dev.mainline.testresults.TestOutcome.FAILED;
import static dev.mainline.testresults.TestOutcome.PASSED;
import static dev.mainline.testresults.TestOutcome.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flaky, broken and outage classification on constructed histories. */
class FlakinessClassifierTest {
    private static final Instant START = Instant.parse("2026-11-01T09:00:00Z");

    private final FlakinessClassifier classifier = new FlakinessClassifier();
    private final List<RunOutcome> history = new ArrayList<>();

    private FlakinessClassifierTest run(String commit, TestOutcome... attempts) {
        return run(commit, false, attempts);
    }

    private FlakinessClassifierTest run(String commit, boolean outage, TestOutcome... attempts) {
        history.add(new RunOutcome(history.size() + 1, commit, START.plus(Duration.ofHours(history.size())),
                List.of(attempts), outage));
        return this;
    }

    @Test
    void aTestThatAlwaysPassesIsHealthyWithNoScore() {
        for (int i = 0; i < 20; i++) {
            run("c" + i, PASSED);
        }

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.HEALTHY);
        assertThat(flakiness.score()).isZero();
        assertThat(flakiness.runs()).isEqualTo(20);
    }

    @Test
    void failingThenPassingWithinOneRunIsFlaky() {
        run("c1", PASSED).run("c2", PASSED).run("c3", FAILED, PASSED).run("c4", PASSED).run("c5", PASSED);

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.FLAKY);
        assertThat(flakiness.passedOnRetry()).isEqualTo(1);
        assertThat(flakiness.score()).isEqualTo(0.2);
        assertThat(flakiness.reasons()).contains("failed, then passed on retry, in 1 run");
    }

    @Test
    void passingAndFailingOnTheSameCommitAcrossRunsIsFlaky() {
        run("c1", PASSED).run("c2", PASSED).run("c2", ERROR).run("c3", PASSED).run("c4", PASSED).run("c5", PASSED);

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.FLAKY);
        assertThat(flakiness.commitsWithBothOutcomes()).isEqualTo(1);
        assertThat(flakiness.reasons()).contains("passed and failed on the same commit 1 time");
    }

    @Test
    void flippingFromRunToRunOnDifferentCommitsIsFlaky() {
        for (int i = 0; i < 10; i++) {
            run("c" + i, i % 3 == 0 ? FAILED : PASSED);
        }

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.FLAKY);
        assertThat(flakiness.flipRate()).isGreaterThanOrEqualTo(0.5);
        assertThat(flakiness.reasons()).anyMatch(reason -> reason.startsWith("its outcome changed in 6 of 9"));
    }

    @Test
    void failingEveryTimeLatelyIsBrokenNotFlaky() {
        run("c1", PASSED).run("c2", PASSED).run("c3", PASSED);
        // The commit that broke it, and every run since, retries included.
        run("c4", FAILED, FAILED).run("c5", FAILED).run("c6", ERROR, FAILED);

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.BROKEN);
        assertThat(flakiness.reasons()).contains("failed in each of its last 3 runs");
    }

    @Test
    void aTestBrokenByOneCommitAndFixedByAnotherIsHealthy() {
        for (int i = 0; i < 6; i++) {
            run("before" + i, PASSED);
        }
        run("broke", FAILED).run("still-broken", FAILED);
        for (int i = 0; i < 12; i++) {
            run("fixed" + i, PASSED);
        }

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.HEALTHY);
        assertThat(flakiness.flipRate()).isLessThan(0.3);
    }

    @Test
    void failuresDuringOutagesAreLeftOutOfTheScoring() {
        for (int i = 0; i < 10; i++) {
            boolean outage = i == 3 || i == 6;
            run("c" + i, outage, outage ? ERROR : PASSED);
        }

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.HEALTHY);
        assertThat(flakiness.runs()).isEqualTo(8);
        assertThat(flakiness.outagesIgnored()).isEqualTo(2);
        assertThat(flakiness.reasons()).contains("2 runs left out as outages");
    }

    /** A run of a merge queue's speculative build: main with pull requests not merged yet. */
    private FlakinessClassifierTest queueBuild(String commit, TestOutcome... attempts) {
        history.add(new RunOutcome(history.size() + 1, commit, START.plus(Duration.ofHours(history.size())),
                List.of(attempts), false, true));
        return this;
    }

    @Test
    void aPullRequestTheQueueIsCatchingDoesNotMakeTheTestItBreaksFlakyOrBroken() {
        // Builds with #2 fail, builds without it pass, while the queue finds out which pull request is to blame.
        queueBuild("main+1", PASSED).queueBuild("main+1+2", FAILED).queueBuild("main+1+3", PASSED)
                .queueBuild("main+1+2+3", FAILED).queueBuild("main+3", PASSED).queueBuild("main+2", FAILED)
                .queueBuild("main+2'", FAILED).queueBuild("main+2''", FAILED);

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.HEALTHY);
        assertThat(flakiness.runs()).isEqualTo(8);
        assertThat(flakiness.flipRate()).isZero();
    }

    @Test
    void aQueueBuildPassingAndFailingAtOneCommitOrPassingOnRetryIsStillFlaky() {
        queueBuild("main+1", PASSED).queueBuild("main+1+2", FAILED).queueBuild("main+1+2", PASSED);

        assertThat(classifier.classify(history).health()).isEqualTo(TestHealth.FLAKY);
        assertThat(classifier.classify(history).commitsWithBothOutcomes()).isEqualTo(1);

        history.clear();
        queueBuild("main+1", PASSED).queueBuild("main+1+2", FAILED, PASSED).queueBuild("main+1+2+3", PASSED);
        assertThat(classifier.classify(history).health()).isEqualTo(TestHealth.FLAKY);
    }

    @Test
    void flipsAreCountedBetweenTheRunsOfABranchsOwnCodeAroundTheQueuesBuilds() {
        for (int i = 0; i < 10; i++) {
            run("c" + i, i % 3 == 0 ? FAILED : PASSED);
            queueBuild("c" + i + "+pr", PASSED);
        }

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.FLAKY);
        assertThat(flakiness.reasons()).anyMatch(reason -> reason.startsWith("its outcome changed in 6 of 9"));
    }

    @Test
    void anOutageIsARunWhereALargeShareOfItsTestsFailed() {
        assertThat(classifier.isOutage(1000, 420)).isTrue();
        assertThat(classifier.isOutage(1000, 12)).isFalse();
        assertThat(classifier.isOutage(5, 3)).as("too few tests to call it").isFalse();
    }

    @Test
    void tooFewRunsSayNothingAndSkipsDoNotCount() {
        run("c1", FAILED, PASSED).run("c2", SKIPPED).run("c3", SKIPPED);

        Flakiness flakiness = classifier.classify(history);

        assertThat(flakiness.health()).isEqualTo(TestHealth.UNKNOWN);
        assertThat(flakiness.runs()).isEqualTo(1);
    }

    @Test
    void onlyTheLatestWindowOfRunsCounts() {
        FlakinessClassifier recent = new FlakinessClassifier(new FlakinessClassifier.Settings(10, 3, 3, 0.3, 0.3,
                20));
        run("old", PASSED).run("old", FAILED);
        for (int i = 0; i < 10; i++) {
            run("c" + i, PASSED);
        }

        assertThat(recent.classify(history).health()).isEqualTo(TestHealth.HEALTHY);
        assertThat(classifier.classify(history).health()).as("with the whole history").isEqualTo(TestHealth.FLAKY);
    }
}
