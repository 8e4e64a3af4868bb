package dev.mainline.logarchive;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * Words of logs: runs of letters, digits and underscores, lower-cased. Dots, slashes, colons and brackets split, so
 * {@code java.lang.NullPointerException} is three words and a search for any of them finds it.
 */
final class LogAnalyzer extends Analyzer {
    static final LogAnalyzer INSTANCE = new LogAnalyzer();

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer words = new CharTokenizer() {
            @Override
            protected boolean isTokenChar(int c) {
                return c < 128
                        ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                        : Character.isLetterOrDigit(c);
            }
        };
        return new TokenStreamComponents(words, new LowerCaseFilter(words));
    }

    /** The words of {@code text}, in order. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream stream = INSTANCE.tokenStream("text", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                words.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }
}
