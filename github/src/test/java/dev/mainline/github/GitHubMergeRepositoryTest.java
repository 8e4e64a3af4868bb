package dev.mainline.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.MergeRepository.MainUpdate;
import dev.mainline.mergequeue.MergeRepository.SpeculativeCommit;
import dev.mainline.testing.github.FakeGitHub;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speculative commits and main updates through GitHub's API, against a fake that speaks it. */
class GitHubMergeRepositoryTest {
    private FakeGitHub github;
    private GitHubMergeRepository repository;
    private String main;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub("acme/api", "test-token");
        main = github.commit(null, "first", Map.of("README.md", "hello\n", "app.txt", "one\n"));
        github.push("main", main);
        GitHubApi api = GitHubApi.create(github.url(), repo -> "Bearer test-token", Duration.ZERO);
        repository = new GitHubMergeRepository(new GitHubRepository(api, "acme/api"), "main");
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private EntryRef pullRequest(int number, Map<String, String> files) {
        String head = github.commit(main, "change " + number, files);
        github.push("feature-" + number, head);
        return new EntryRef(number, head);
    }

    @Test
    void buildsTheSameMergeCommitForTheSameStackEveryTime() {
        EntryRef first = pullRequest(1, Map.of("one.txt", "1\n"));
        EntryRef second = pullRequest(2, Map.of("two.txt", "2\n"));

        SpeculativeCommit both = repository.build(new BuildId(1), main, List.of(first, second));
        SpeculativeCommit prefix = repository.build(new BuildId(2), main, List.of(first));
        GitHubMergeRepository afterRestart = new GitHubMergeRepository(new GitHubRepository(
                GitHubApi.create(github.url(), repo -> "Bearer test-token", Duration.ZERO), "acme/api"), "main");
        SpeculativeCommit again = afterRestart.build(new BuildId(3), main, List.of(first, second));

        String built = ((SpeculativeCommit.Built) both).commit();
        assertThat(again).isEqualTo(both);
        assertThat(github.contains(built, ((SpeculativeCommit.Built) prefix).commit())).isTrue();
        assertThat(github.file(built, "one.txt")).contains("1\n");
        assertThat(github.file(built, "two.txt")).contains("2\n");
        assertThat(github.branch("mainline/builds/1")).contains(built);
        assertThat(github.branch("mainline/scratch/1")).as("scratch branches are removed").isEmpty();
    }

    @Test
    void aCommitContainsItselfAndItsAncestorsByTheCompareApi() {
        String next = github.commit(main, "next", Map.of("next.txt", "2\n"));
        String sibling = github.commit(main, "sibling", Map.of("sibling.txt", "3\n"));

        assertThat(repository.reaches(next, main)).as("ahead").isTrue();
        assertThat(repository.reaches(next, next)).as("identical").isTrue();
        assertThat(repository.reaches(main, next)).as("behind").isFalse();
        assertThat(repository.reaches(next, sibling)).as("diverged").isFalse();
        assertThat(repository.reaches(next, "1234567890123456789012345678901234567890")).as("unknown").isFalse();
    }

    @Test
    void aConflictNamesTheFilesBothSidesChanged() {
        EntryRef first = pullRequest(1, Map.of("app.txt", "first\n"));
        EntryRef second = pullRequest(2, Map.of("app.txt", "second\n", "other.txt", "x\n"));

        assertThat(repository.build(new BuildId(1), main, List.of(first, second)))
                .isEqualTo(new SpeculativeCommit.Conflicted(2, List.of("app.txt")));
    }

    @Test
    void aHeadGitHubDoesNotHaveIsMissing() {
        String unknown = "1234567890123456789012345678901234567890";
        assertThat(repository.build(new BuildId(1), main, List.of(new EntryRef(9, unknown))))
                .isEqualTo(new SpeculativeCommit.MissingHead(9, unknown));
    }

    @Test
    void mainMovesOnlyByFastForwardAndARefusalAfterAPushIsALostRace() {
        EntryRef first = pullRequest(1, Map.of("one.txt", "1\n"));
        String built = ((SpeculativeCommit.Built) repository.build(new BuildId(1), main, List.of(first))).commit();
        String pushed = github.commit(main, "pushed straight to main", Map.of("hotfix.txt", "fix\n"));
        github.beforeNextUpdate("main", () -> github.push("main", pushed));

        assertThat(repository.advanceMain(main, built)).isEqualTo(new MainUpdate.LostRace(pushed));
        assertThat(github.branch("main")).contains(pushed);

        String rebuilt = ((SpeculativeCommit.Built) repository.build(new BuildId(2), pushed, List.of(first)))
                .commit();
        assertThat(repository.advanceMain(pushed, rebuilt)).isEqualTo(new MainUpdate.Advanced(rebuilt));
        assertThat(github.history("main")).containsExactly(main, pushed, rebuilt);
        assertThat(github.requests())
                .filteredOn(request -> request.startsWith("PATCH /repos/acme/api/git/refs/heads/main"))
                .hasSize(2);
    }

    @Test
    void aTargetBuiltOnAMainThatHasMovedIsALostRaceEvenWhenItWouldFastForward() {
        String pushed = github.commit(main, "pushed straight to main", Map.of("hotfix.txt", "fix\n"));
        github.push("main", pushed);
        // Branched off the push, so the queue's merge of it onto the main it last saw fast-forwards the new main.
        String head = github.commit(pushed, "change 1", Map.of("one.txt", "1\n"));
        github.push("feature-1", head);
        String built = ((SpeculativeCommit.Built) repository.build(new BuildId(1), main,
                List.of(new EntryRef(1, head)))).commit();
        assertThat(github.contains(built, pushed)).isTrue();

        assertThat(repository.advanceMain(main, built)).isEqualTo(new MainUpdate.LostRace(pushed));
        assertThat(github.branch("main")).contains(pushed);
    }

    @Test
    void aProtectedBranchRefusalIsNotARaceToRetry() {
        EntryRef first = pullRequest(1, Map.of("one.txt", "1\n"));
        String built = ((SpeculativeCommit.Built) repository.build(new BuildId(1), main, List.of(first))).commit();
        github.failNext("PATCH", "/repos/acme/api/git/refs/heads/main", 422, Map.of(),
                "{\"message\":\"Protected branch update failed for refs/heads/main.\"}");

        assertThat(repository.advanceMain(main, built)).isEqualTo(new MainUpdate.Refused(main,
                "GitHub refused to update main: Protected branch update failed for refs/heads/main."));
        assertThat(github.branch("main")).contains(main);
    }

    @Test
    void aTargetThatDoesNotDescendFromMainIsRefused() {
        String elsewhere = github.commit(null, "unrelated", Map.of("x", "y"));

        assertThat(repository.advanceMain(main, elsewhere)).isEqualTo(new MainUpdate.NotFastForward(main));
        assertThat(github.branch("main")).contains(main);
    }

    @Test
    void releaseDeletesTheBuildBranch() {
        repository.build(new BuildId(4), main, List.of(pullRequest(1, Map.of("one.txt", "1\n"))));
        repository.release(new BuildId(4));
        repository.release(new BuildId(4));

        assertThat(github.branch("mainline/builds/4")).isEmpty();
    }

    @Test
    void refusesToTalkWithTheWrongToken() {
        GitHubApi wrong = GitHubApi.create(github.url(), repo -> "Bearer nope", Duration.ZERO);
        assertThat(wrong.get("acme/api", "/repos/acme/api/git/ref/heads/main").status()).isEqualTo(401);
        assertThat(URI.create(github.url().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
