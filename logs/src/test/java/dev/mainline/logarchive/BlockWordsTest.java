package dev.mainline.logarchive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A block's words are a search's words: the same splitting and case, each word once. */
class BlockWordsTest {
    @Test
    void splitsOnAnythingButLettersDigitsAndUnderscores() {
        assertThat(
                BlockWords.words("java.lang.NullPointerException: Cannot invoke \"Cart.total()\" (CartTest.java:42)"))
                .containsExactly("java", "lang", "nullpointerexception", "cannot", "invoke", "cart", "total",
                        "carttest", "java", "42");
        assertThat(BlockWords.words("Größe_1 über ÆBLE")).containsExactly("größe_1", "über", "æble");
        assertThat(BlockWords.words("x".repeat(300))).containsExactly("x".repeat(255), "x".repeat(45));
    }

    @Test
    void uniqueGivesEachWordOnceInTheOrderFirstSeen() {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder text = new StringBuilder();
        String[] vocabulary = new String[5000];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] = "Word" + i + (i % 7 == 0 ? "É" : "");
        }
        for (int i = 0; i < 40_000; i++) {
            text.append(vocabulary[random.nextInt(vocabulary.length)]).append(i % 11 == 0 ? "\n" : " :: ");
        }
        List<String> unique = BlockWords.unique(text.toString());
        assertThat(unique).containsExactlyElementsOf(new LinkedHashSet<>(BlockWords.words(text.toString())));
    }
}
