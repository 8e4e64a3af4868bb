package dev.mainline.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the same failure from different runs read the same: masks what changes from run to run (UUIDs, times, hashes
 * and addresses, generated names, the directories of workspaces and temporary files, line numbers, numbers) and
 * fingerprints the result.
 */
public final class FailureSignatures {
    private static final Pattern ANSI = Pattern
            .compile("\u001B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|[@-Z\\\\-_])");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern TIME = Pattern.compile(
            "\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b"
                    + "|\\b\\d{1,2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\b");
    /**
     * An absolute path: only its file's name is kept, as workspaces and temporary directories differ between machines
     * and runs.
     */
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(
            "(?<![\\w.])(?:file://)?(?:/[\\w.@+-]+)+(/[\\w.@+-]+)");
    private static final Pattern HEX = Pattern.compile(
            "\\b0x[0-9a-fA-F]+\\b|(?<=@)[0-9a-f]{4,16}\\b|\\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,64}\\b");
    /** Letters and digits mixed, six or more: a generated name (a temporary directory's, a build's). */
    private static final Pattern GENERATED = Pattern.compile(
            "\\b(?=[A-Za-z]*\\d)(?=\\d*[A-Za-z])[A-Za-z0-9]{6,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)*");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private FailureSignatures() {
    }

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    /** {@code line} without terminal colour and cursor codes. */
    public static String stripAnsi(String line) {
        return line.indexOf('\u001B') < 0 ? line : ANSI.matcher(line).replaceAll("");
    }

    /** Text without control characters but tab and line end (a database may refuse a NUL). */
    static String printable(String text) {
        return CONTROL.matcher(text).replaceAll("");
    }

    /** One line with what varies between runs masked and its spaces collapsed. */
    public static String normalize(String line) {
        String text = stripAnsi(line);
        text = UUID.matcher(text).replaceAll("<uuid>");
        text = TIME.matcher(text).replaceAll("<time>");
        text = shortenPaths(text);
        text = HEX.matcher(text).replaceAll("<hex>");
        text = GENERATED.matcher(text).replaceAll("<id>");
        text = NUMBER.matcher(text).replaceAll("<n>");
        return SPACE.matcher(text).replaceAll(" ").strip();
    }

    private static String shortenPaths(String text) {
        if (text.indexOf('/') < 0) {
            return text;
        }
        Matcher matcher = ABSOLUTE_PATH.matcher(text);
        return matcher.find() ? matcher.replaceAll(result -> Matcher.quoteReplacement("…" + result.group(1))) : text;
    }

    /** The signature of lines: each normalized, blank ones dropped, cut to {@link ExtractedFailure#MAX_SIGNATURE}. */
    public static String signature(List<String> lines) {
        StringBuilder signature = new StringBuilder();
        for (String line : lines) {
            String normalized = normalize(line);
            if (normalized.isEmpty()) {
                continue;
            }
            if (signature.length() + normalized.length() + 1 > ExtractedFailure.MAX_SIGNATURE) {
                break;
            }
            if (!signature.isEmpty()) {
                signature.append('\n');
            }
            signature.append(normalized);
        }
        return signature.toString();
    }

    public static String fingerprint(FailureKind kind, String signature) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(signature.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A failure of {@code kind} whose signature is made of {@code signatureLines}, written as {@code lines}. */
    public static ExtractedFailure failure(FailureKind kind, String title, List<String> signatureLines,
            List<String> lines, long line, long offset) {
        String signature = printable(signature(signatureLines));
        String shown = cut(printable(stripAnsi(title)).strip(), ExtractedFailure.MAX_TITLE);
        StringBuilder excerpt = new StringBuilder();
        for (String text : lines) {
            String plain = printable(stripAnsi(text));
            if (excerpt.length() + plain.length() + 1 > ExtractedFailure.MAX_EXCERPT) {
                break;
            }
            excerpt.append(plain).append('\n');
        }
        return new ExtractedFailure(kind, shown, signature, fingerprint(kind, signature), excerpt.toString().strip(),
                line, offset);
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
