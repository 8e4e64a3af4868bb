package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.common.RepositoryName;
import dev.mainline.ownership.RepositoryFiles;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.github.FakeGitHub;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Main's files, CODEOWNERS and each author's changed files, read through GitHub's REST API (a local fake of it). */
class GitHubRepositoryFilesTest {
    private static final RepositoryName NAME = new RepositoryName("acme/api");

    private final FakeGitHub github = new FakeGitHub(NAME.value(), "t");
    private final SourceRepositoryStore repositories = new InMemoryStores().stores().repositories();
    private final RepositoryFiles files = new GitHubRepositoryFiles(repositories,
            GitHubApi.create(github.url(), repository -> "Bearer t", Duration.ZERO));

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void readsMainsTreeCodeOwnersAndWhatEachAuthorChanged() {
        assertThat(files.snapshot(NAME)).as("not a repository Mainline knows").isEmpty();
        repositories.insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), Instant.now());
        Instant before = Instant.now().minusSeconds(5);
        String first = github.commit(null, "first", Map.of("docs/CODEOWNERS", "* @acme/platform\n",
                "src/cart/Cart.java", "class Cart {}\n"), new PersonIdent("ada", "ada@example.com"));
        String second = github.commit(first, "tests", Map.of("src/cart/CartTest.java", "class CartTest {}\n"),
                new PersonIdent("bob", "bob@example.com"));
        String third = github.commit(second, "codeowners", Map.of(".github/CODEOWNERS", "/src/cart/ @acme/cart\n",
                "src/cart/Cart.java", "class Cart { int items; }\n"), new PersonIdent("ada", "ada@example.com"));
        github.push("main", third);

        RepositoryFiles.Snapshot snapshot = files.snapshot(NAME).orElseThrow();
        assertThat(snapshot.version()).isEqualTo(third);
        assertThat(snapshot.paths()).containsExactlyInAnyOrder("docs/CODEOWNERS", ".github/CODEOWNERS",
                "src/cart/Cart.java", "src/cart/CartTest.java");
        assertThat(snapshot.codeOwners()).as(".github/ comes first").contains("/src/cart/ @acme/cart\n");

        assertThat(files.changedBy(NAME, Set.of("ada"), before)).containsExactlyInAnyOrder(".github/CODEOWNERS",
                "src/cart/Cart.java", "docs/CODEOWNERS");
        assertThat(files.changedBy(NAME, Set.of("bob@example.com"), before))
                .containsExactly("src/cart/CartTest.java");
        assertThat(files.changedBy(NAME, Set.of("carol"), before)).isEmpty();
    }
}
