package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The answer to "are all these failures excused?": each failure judged, and whether CI may pass on them. A failure is
 * excused when its test is quarantined, or classified flaky; anything else (a test never seen, a healthy or broken
 * one) counts. No failures at all is not an excuse for anything: {@link #allExcused()} is false then.
 */
public record FailureVerdict(boolean allExcused, List<Judged> failures) {
    public FailureVerdict {
        failures = List.copyOf(requireNonNull(failures, "failures is null"));
    }

    /** One failure: the test, whether it is excused and why (or why not), and what is known of it. */
    public record Judged(TestName test, boolean excused, String why, Optional<Long> testId,
            Optional<TestHealth> health, Optional<QuarantineState> state) {
        public Judged {
            requireNonNull(test, "test is null");
            requireNonNull(why, "why is null");
            requireNonNull(testId, "testId is null");
            requireNonNull(health, "health is null");
            requireNonNull(state, "state is null");
        }
    }

    public static FailureVerdict of(List<Judged> failures) {
        return new FailureVerdict(!failures.isEmpty() && failures.stream().allMatch(Judged::excused), failures);
    }

    public List<Judged> counted() {
        return failures.stream().filter(failure -> !failure.excused()).toList();
    }
}
