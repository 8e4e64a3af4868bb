package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.github.GitHubRepository.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the checks on a commit say: every required check green, one of them red, or still waiting. With no required
 * checks, every check reported so far counts, and at least one must have reported.
 */
public sealed interface CheckVerdict {
    Set<String> PASSING = Set.of("success", "neutral", "skipped");

    record Green() implements CheckVerdict {
    }

    record Red(String check, String conclusion, String url) implements CheckVerdict {
        public Red {
            requireNonNull(check, "check is null");
            requireNonNull(conclusion, "conclusion is null");
            requireNonNull(url, "url is null");
        }
    }

    /** Still waiting; {@code missing} names the required checks that have not reported, {@code running} the rest. */
    record Waiting(List<String> missing, List<String> running) implements CheckVerdict {
        public Waiting {
            missing = List.copyOf(missing);
            running = List.copyOf(running);
        }
    }

    /**
     * Reads {@code checks} against {@code required}; {@code ignored} is a check that never counts (the queue's own).
     */
    static CheckVerdict of(List<Check> checks, List<String> required, String ignored) {
        List<Check> counted = checks.stream().filter(check -> !check.name().equals(ignored)).toList();
        List<String> missing = new ArrayList<>();
        List<String> running = new ArrayList<>();
        List<Check> considered = new ArrayList<>();
        if (required.isEmpty()) {
            considered.addAll(counted);
        } else {
            for (String name : required) {
                Optional<Check> check = counted.stream().filter(candidate -> candidate.name().equals(name))
                        .findFirst();
                check.ifPresentOrElse(considered::add, () -> missing.add(name));
            }
        }
        for (Check check : considered) {
            if (check.conclusion().isEmpty()) {
                running.add(check.name());
            } else if (!PASSING.contains(check.conclusion().get())) {
                return new Red(check.name(), check.conclusion().get(), check.url());
            }
        }
        if (!missing.isEmpty() || !running.isEmpty() || considered.isEmpty()) {
            return new Waiting(missing, running);
        }
        return new Green();
    }
}
