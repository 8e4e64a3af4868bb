package dev.mainline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.mergequeue.BuildId;
import dev.mainline.mergequeue.EntryRef;
import dev.mainline.mergequeue.MergeRepository.MainUpdate;
import dev.mainline.mergequeue.MergeRepository.SpeculativeCommit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JGitMergeRepositoryTest {
    @TempDir
    Path directory;

    private SampleRepository sample;
    private JGitMergeRepository repository;

    @BeforeEach
    void createSample() throws Exception {
        sample = SampleRepository.create(directory.resolve("repo.git"), 4, Map.of(4, 2), Set.of());
        repository = new JGitMergeRepository(sample.repository(), "main");
    }

    private EntryRef entry(int number) {
        return new EntryRef(number, sample.pullRequests().get(number - 1).head());
    }

    private String built(SpeculativeCommit commit) {
        assertThat(commit).isInstanceOf(SpeculativeCommit.Built.class);
        return ((SpeculativeCommit.Built) commit).commit();
    }

    @Test
    void theSameStackGivesTheSameCommitAndALongerStackDescendsFromIt() throws Exception {
        String main = repository.main();
        String two = built(repository.build(new BuildId(1), main, List.of(entry(1), entry(2))));
        String again = built(repository.build(new BuildId(2), main, List.of(entry(1), entry(2))));
        String three = built(repository.build(new BuildId(3), main, List.of(entry(1), entry(2), entry(3))));

        assertThat(again).isEqualTo(two);
        try (RevWalk walk = new RevWalk(sample.repository())) {
            assertThat(walk.isMergedInto(walk.parseCommit(ObjectId.fromString(two)),
                    walk.parseCommit(ObjectId.fromString(three)))).isTrue();
        }
        assertThat(sample.repository().exactRef(JGitMergeRepository.BUILD_REFS + 3).getObjectId().name())
                .isEqualTo(three);
        assertThat(repository.main()).as("building never moves main").isEqualTo(main);
    }

    @Test
    void aCommitContainsItselfAndItsAncestorsAndNothingItDoesNotHave() {
        String main = repository.main();
        String one = built(repository.build(new BuildId(1), main, List.of(entry(1))));
        String two = built(repository.build(new BuildId(2), main, List.of(entry(1), entry(2))));
        String other = built(repository.build(new BuildId(3), main, List.of(entry(3))));

        assertThat(repository.reaches(two, one)).isTrue();
        assertThat(repository.reaches(two, main)).isTrue();
        assertThat(repository.reaches(one, one)).isTrue();
        assertThat(repository.reaches(one, two)).as("an ancestor holds none of its descendants").isFalse();
        assertThat(repository.reaches(two, other)).as("a sibling").isFalse();
        assertThat(repository.reaches(two, "0123456789012345678901234567890123456789")).as("unknown").isFalse();
        assertThat(repository.reaches(two, "not a commit")).isFalse();
    }

    @Test
    void conflictNamesThePullRequestAndTheFiles() {
        SpeculativeCommit result = repository.build(new BuildId(1), repository.main(),
                List.of(entry(1), entry(2), entry(3), entry(4)));

        assertThat(result).isEqualTo(new SpeculativeCommit.Conflicted(4, List.of("src/shared.txt")));
    }

    @Test
    void mainMovesOnlyByFastForwardFromTheExpectedCommit() {
        String main = repository.main();
        String one = built(repository.build(new BuildId(1), main, List.of(entry(1))));
        String other = built(repository.build(new BuildId(2), main, List.of(entry(3))));

        assertThat(repository.advanceMain(main, one)).isEqualTo(new MainUpdate.Advanced(one));
        assertThat(repository.main()).isEqualTo(one);
        // A caller that still thinks main is at the old commit lost the race; nothing moves.
        assertThat(repository.advanceMain(main, other)).isEqualTo(new MainUpdate.LostRace(one));
        // A target that does not descend from main is refused, never forced.
        assertThat(repository.advanceMain(one, other)).isEqualTo(new MainUpdate.NotFastForward(one));
        assertThat(repository.main()).isEqualTo(one);
    }

    @Test
    void headNoLongerInTheRepositoryIsNamed() {
        assertThat(repository.build(new BuildId(1), repository.main(),
                List.of(entry(1), new EntryRef(9, "0123456789012345678901234567890123456789"))))
                .isEqualTo(new SpeculativeCommit.MissingHead(9, "0123456789012345678901234567890123456789"));
    }
}
