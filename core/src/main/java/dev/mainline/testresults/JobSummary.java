package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A CI job run as stored, with its failures and the tests they were of. */
public record JobSummary(StoredJob job, List<Failed> failures) {
    /** One failed attempt of a test in one of the job run's reports. */
    public record Failed(StoredTest test, StoredFailure failure) {
        public Failed {
            requireNonNull(test, "test is null");
            requireNonNull(failure, "failure is null");
        }
    }

    public JobSummary {
        requireNonNull(job, "job is null");
        failures = List.copyOf(requireNonNull(failures, "failures is null"));
    }
}
