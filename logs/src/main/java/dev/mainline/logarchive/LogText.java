package dev.mainline.logarchive;

import dev.mainline.logs.FailureExtractor;
import dev.mainline.logs.FailureSignatures;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Log bytes as text: UTF-8 (bad bytes replaced), terminal codes gone, a carriage return's overwritten text gone. */
final class LogText {
    private static final char ESCAPE = '\u001B';

    private LogText() {
    }

    /** The most of one line that is shown; the rest is cut with a mark. */
    static final int MAX_LINE = 64 * 1024;

    /** Bytes {@code start} to {@code end} of a block as one line, at most {@link #MAX_LINE} characters of it. */
    static String line(byte[] raw, int start, int end) {
        return cap(clean(new String(raw, start, Math.min(end - start, MAX_LINE * 4), StandardCharsets.UTF_8)));
    }

    static String cap(String line) {
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + " …[line cut]";
    }

    private static String clean(String line) {
        String text = line;
        int length = text.length();
        if (length > 0 && text.charAt(length - 1) == '\r') {
            text = text.substring(0, length - 1);
        }
        int carriage = text.lastIndexOf('\r');
        if (carriage >= 0) {
            // A progress bar redrawn in place: what was shown last.
            text = text.substring(carriage + 1);
        }
        return text.indexOf(ESCAPE) < 0 ? text : FailureSignatures.stripAnsi(text);
    }

    /**
     * A block's text for the index, terminal codes gone; each of its lines goes through {@code extractor} with its
     * number and byte offset on the way.
     */
    static String plain(byte[] raw, LogBlocks.Block block, FailureExtractor extractor) {
        String text = new String(raw, StandardCharsets.UTF_8);
        boolean ascii = text.length() == raw.length;
        long number = block.firstLine();
        long offset = block.rawOffset();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = clean(text.substring(start, end));
            extractor.line(line, number, offset);
            number++;
            offset += ascii ? end - start + 1 : text.substring(start, end).getBytes(StandardCharsets.UTF_8).length + 1;
            start = end + 1;
        }
        return text.indexOf(ESCAPE) < 0 ? text : FailureSignatures.stripAnsi(text);
    }

    /** What a search looks for: the first line of the text that is not blank, lower-cased, spaces collapsed. */
    static String needle(String query) {
        String first = query.lines().map(String::strip).filter(line -> !line.isEmpty()).findFirst().orElse("");
        return collapse(first.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code line} holds {@code needle} (from {@link #needle}). */
    static boolean holds(String line, String needle) {
        if (line.length() < needle.length()) {
            return false;
        }
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.contains(needle)) {
            return true;
        }
        return (lower.indexOf('\t') >= 0 || lower.contains("  ")) && collapse(lower).contains(needle);
    }

    private static String collapse(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
