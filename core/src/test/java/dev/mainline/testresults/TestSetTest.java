package dev.mainline.testresults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestSetTest {
    @Test
    void keepsMembersAndSkipsThroughItsEncoding() {
        TestSet set = TestSet.of(new long[]{30, 7, 1_000_000_000_000L, 8}, new boolean[]{false, true, false, false});

        TestSet decoded = TestSet.decode(set.encode());

        assertThat(decoded).isEqualTo(set);
        assertThat(decoded.size()).isEqualTo(4);
        assertThat(decoded.contains(1_000_000_000_000L)).isTrue();
        assertThat(decoded.contains(9)).isFalse();
        assertThat(decoded.skipped(7)).isTrue();
        assertThat(decoded.skipped(8)).isFalse();
        assertThat(decoded.skipped(9)).as("not in the set").isFalse();
    }

    @Test
    void theSameTestsInAnotherOrderEncodeTheSame() {
        long[] ids = new Random(5).longs(5_000, 1, 10_000_000).toArray();
        boolean[] skipped = new boolean[ids.length];
        skipped[17] = true;
        long[] reversed = new long[ids.length];
        boolean[] reversedSkipped = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            reversed[i] = ids[ids.length - 1 - i];
            reversedSkipped[i] = skipped[ids.length - 1 - i];
        }

        assertThat(TestSet.of(reversed, reversedSkipped).encode()).isEqualTo(TestSet.of(ids, skipped).encode());
    }

    @Test
    void aTestListedTwiceRanUnlessSkippedBothTimes() {
        TestSet set = TestSet.of(new long[]{4, 4, 5, 5}, new boolean[]{true, false, true, true});

        assertThat(set.size()).isEqualTo(2);
        assertThat(set.skipped(4)).isFalse();
        assertThat(set.skipped(5)).isTrue();
    }

    @Test
    void testsCreatedTogetherCostAboutABitEach() {
        long[] ids = new long[47_000];
        Arrays.setAll(ids, i -> 1_000_000 + i);

        assertThat(TestSet.of(ids, new boolean[ids.length]).encode().length).isLessThan(47_000 / 8);
    }

    @Test
    void refusesWhatIsNotAnEncodedSet() {
        byte[] encoded = TestSet.of(new long[]{1, 2, 3}, new boolean[3]).encode();

        assertThatThrownBy(() -> TestSet.decode(Arrays.copyOf(encoded, encoded.length - 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestSet.decode(new byte[]{1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestSet.of(new long[]{0}, new boolean[1])).isInstanceOf(
                IllegalArgumentException.class);
    }
}
