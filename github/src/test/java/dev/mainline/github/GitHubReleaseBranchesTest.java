package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.catalog.Forge;
import dev.mainline.catalog.NewSourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.common.Stores;
import dev.mainline.releases.ReleaseBranches;
import dev.mainline.testing.InMemoryStores;
import dev.mainline.testing.github.FakeGitHub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A release branch cut on GitHub (the refs API) and what is on it read back (the compare and commits APIs). */
class GitHubReleaseBranchesTest {
    private static final RepositoryName NAME = new RepositoryName("acme/wallet");
    private static final PersonIdent ADA = new PersonIdent("ada", "ada@example.com");

    private final FakeGitHub github = new FakeGitHub(NAME.value(), "t");
    private final Stores stores = new InMemoryStores().stores();
    private final ReleaseBranches branches = new GitHubReleaseBranches(stores.repositories(),
            GitHubApi.create(github.url(), repository -> "Bearer t", Duration.ZERO));

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void cutsFromTheDefaultBranchAndListsTheChangesPullRequestsAndTicketsSinceThePreviousRelease() {
        assertThat(branches.cut(NAME, "release/1.0.0")).as("not a repository Mainline knows").isFalse();
        assertThat(branches.contents(NAME, "release/1.0.0", Optional.empty())).isEmpty();
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), Instant.now());

        String first = github.commit(null, "WAL-1 first screen", Map.of("a.txt", "1"), ADA);
        github.push("main", first);
        assertThat(branches.cut(NAME, "release/1.0.0")).isTrue();
        assertThat(github.branch("release/1.0.0")).contains(first);

        String merged = github.commit(first, "Merge pull request #1 from acme/topic\n\nWAL-2", Map.of("b.txt", "2"),
                ADA);
        github.openPullRequest(1, "main", "ada").title = "Pay with cards (PAY-77)";
        String squashed = github.commit(merged, "Fix the total (#9)", Map.of("c.txt", "3"),
                new PersonIdent("bob", "bob@example.com"));
        github.push("main", squashed);
        assertThat(branches.cut(NAME, "release/1.1.0")).isTrue();
        assertThat(branches.cut(NAME, "release/1.1.0")).as("already there").isTrue();
        github.push("main", github.commit(squashed, "WAL-3 not in 1.1.0", Map.of("d.txt", "4"), ADA));

        ReleaseBranches.Contents contents = branches.contents(NAME, "release/1.1.0", Optional.of("release/1.0.0"))
                .orElseThrow();
        assertThat(contents.changes()).extracting(ReleaseBranches.Change::subject)
                .containsExactly("Fix the total (#9)", "Merge pull request #1 from acme/topic");
        assertThat(contents.changes()).extracting(ReleaseBranches.Change::author).containsExactly("bob", "ada");
        assertThat(contents.changes()).extracting(ReleaseBranches.Change::pullRequest)
                .containsExactly(Optional.of(9), Optional.of(1));
        assertThat(contents.changes().get(1).pullRequestTitle()).contains("Pay with cards (PAY-77)");
        assertThat(contents.changes().getFirst().pullRequestTitle()).as("#9 is not on GitHub").isEmpty();
        assertThat(contents.tickets()).containsExactly("PAY-77", "WAL-2");
        assertThat(contents.truncated()).isFalse();

        assertThat(branches.contents(NAME, "release/1.0.0", Optional.empty()).orElseThrow().tickets())
                .containsExactly("WAL-1");
        ReleaseBranches.Contents whole = branches.contents(NAME, "release/1.1.0", Optional.of("release/0.9.0"))
                .orElseThrow();
        assertThat(whole.changes()).as("no previous branch on GitHub: the whole branch").hasSize(3);
        assertThat(whole.sincePrevious()).isFalse();
        assertThat(contents.sincePrevious()).isTrue();
        int requests = github.requests().size();
        assertThat(branches.contents(NAME, "release/1.1.0", Optional.of("release/1.0.0")).orElseThrow())
                .isEqualTo(contents);
        assertThat(github.requests().size() - requests).as("read again only the two branch heads").isEqualTo(2);
        assertThat(branches.contents(NAME, "release/9.9.9", Optional.empty())).isEmpty();
    }

    @Test
    void aLongReleaseIsReadPageByPageNewestFirst() {
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), Instant.now());
        String head = github.commit(null, "start", Map.of("a.txt", "0"), ADA);
        github.push("main", head);
        branches.cut(NAME, "release/1.0.0");
        List<String> made = new ArrayList<>();
        for (int i = 1; i <= 230; i++) {
            head = github.commit(head, "change " + i + " WAL-" + i, Map.of("a.txt", String.valueOf(i)), ADA);
            made.addFirst(head);
        }
        github.push("main", head);
        branches.cut(NAME, "release/1.1.0");

        ReleaseBranches.Contents contents = branches.contents(NAME, "release/1.1.0", Optional.of("release/1.0.0"))
                .orElseThrow();
        assertThat(contents.changes()).extracting(ReleaseBranches.Change::commit).containsExactlyElementsOf(made);
        assertThat(contents.tickets()).hasSize(230);
        assertThat(branches.contents(NAME, "release/1.1.0", Optional.empty()).orElseThrow().changes()).hasSize(231);
    }

    @Test
    void aRefusedCutIsAnErrorNamingGitHubsAnswer() {
        stores.repositories().insert(new NewSourceRepository(NAME, "main", Forge.GITHUB), Instant.now());
        github.push("main", github.commit(null, "start", Map.of("a.txt", "0"), ADA));
        github.failNext("POST", "/repos/acme/wallet/git/refs", 403, Map.of(),
                "{\"message\":\"Resource not accessible by integration\"}");
        assertThatThrownBy(() -> branches.cut(NAME, "release/1.0.0")).isInstanceOfSatisfying(
                dev.mainline.common.MainlineException.class, e -> assertThat(e.errorCode()).isEqualTo(
                        dev.mainline.common.ErrorCode.FORGE_REFUSED))
                .hasMessageContaining("release/1.0.0").hasMessageContaining("Resource not accessible");
        assertThat(github.branch("release/1.0.0")).isEmpty();
    }
}
