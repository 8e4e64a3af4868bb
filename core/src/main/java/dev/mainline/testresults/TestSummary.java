package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A test with what is known of it: its classification, its quarantine, and (in a detailed view) its latest failures. */
public record TestSummary(StoredTest test, Optional<StoredHealth> health, Optional<Quarantine> quarantine,
        List<StoredFailure> latestFailures) {
    public TestSummary {
        requireNonNull(test, "test is null");
        requireNonNull(health, "health is null");
        requireNonNull(quarantine, "quarantine is null");
        latestFailures = List.copyOf(requireNonNull(latestFailures, "latestFailures is null"));
    }
}
