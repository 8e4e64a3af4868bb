package dev.mainline.logarchive;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The words of log text, for the block index: runs of letters, digits and underscores, lower-cased, at most
 * {@link #MAX_WORD} characters (longer runs are cut into several). A block only needs to say which words it holds, not
 * how often or where, so each word goes to Lucene once per block: a 64 KiB block of a CI log holds some ten thousand
 * words but a few hundred different ones, and Lucene's work is per word it is given.
 */
final class BlockWords {
    static final int MAX_WORD = 255;

    private BlockWords() {
    }

    private static boolean isWordChar(char c) {
        return c < 128
                ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                : Character.isLetterOrDigit(c);
    }

    /** Every word of {@code text}, in order, repeats included: how a search's text is read. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (isWordChar(c) && word.length() < MAX_WORD) {
                word.append(Character.toLowerCase(c));
                continue;
            }
            if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
            if (isWordChar(c)) {
                word.append(Character.toLowerCase(c));
            }
        }
        return words;
    }

    /** The different words of {@code text}, each once, in the order first seen. */
    static List<String> unique(String text) {
        int length = text.length();
        char[] chars = new char[length];
        int[] starts = new int[64];
        int[] lengths = new int[64];
        int count = 0;
        int[] table = new int[1024];
        int used = 0;
        int position = 0;
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (!isWordChar(c)) {
                i++;
                continue;
            }
            int start = position;
            int hash = 0;
            while (i < length && position - start < MAX_WORD) {
                c = text.charAt(i);
                if (!isWordChar(c)) {
                    break;
                }
                char lower = c < 128 ? (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) : Character.toLowerCase(c);
                chars[position++] = lower;
                hash = 31 * hash + lower;
                i++;
            }
            int wordLength = position - start;
            int mask = table.length - 1;
            int slot = (hash ^ (hash >>> 16)) & mask;
            boolean seen = false;
            while (table[slot] != 0) {
                int other = table[slot] - 1;
                if (lengths[other] == wordLength
                        && Arrays.equals(chars, starts[other], starts[other] + wordLength, chars, start, position)) {
                    seen = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (seen) {
                position = start;
                continue;
            }
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
            }
            starts[count] = start;
            lengths[count] = wordLength;
            table[slot] = ++count;
            if (++used * 2 > table.length) {
                table = rehash(table, starts, lengths, chars, count);
            }
        }
        List<String> words = new ArrayList<>(count);
        for (int word = 0; word < count; word++) {
            words.add(new String(chars, starts[word], lengths[word]));
        }
        return words;
    }

    private static int[] rehash(int[] old, int[] starts, int[] lengths, char[] chars, int count) {
        int[] table = new int[old.length * 2];
        int mask = table.length - 1;
        for (int word = 0; word < count; word++) {
            int hash = 0;
            for (int c = starts[word]; c < starts[word] + lengths[word]; c++) {
                hash = 31 * hash + chars[c];
            }
            int slot = (hash ^ (hash >>> 16)) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = word + 1;
        }
        return table;
    }

    /** The given words as a token stream, for a field Lucene indexes without analysing it again. */
    static TokenStream stream(List<String> words) {
        return new TokenStream() {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
            private int next;

            @Override
            public boolean incrementToken() {
                if (next == words.size()) {
                    return false;
                }
                clearAttributes();
                term.setEmpty().append(words.get(next++));
                return true;
            }

            @Override
            public void reset() throws java.io.IOException {
                super.reset();
                next = 0;
            }
        };
    }
}
