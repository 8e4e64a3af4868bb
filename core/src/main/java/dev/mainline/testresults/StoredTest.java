package dev.mainline.testresults;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import java.util.Optional;

/** A test's stable identity: its repository, suite, class and name, and its file when a runner said. */
public record StoredTest(long id, RepositoryName repository, String suite, String className, String name,
        Optional<String> file) {
    public StoredTest {
        requireNonNull(repository, "repository is null");
        requireNonNull(suite, "suite is null");
        requireNonNull(className, "className is null");
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
    }
}
