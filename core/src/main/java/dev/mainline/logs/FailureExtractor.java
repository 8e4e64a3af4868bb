package dev.mainline.logs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds failures in a log read line by line: stack traces (Java, Kotlin, JavaScript, Python, Go and Rust panics),
 * compiler errors (javac, kotlinc, gcc, clang, swiftc, tsc, rustc, go), failed assertions (JUnit, pytest, jest, go
 * test, XCTest) and the error sections of Gradle, Maven and xcodebuild. Each failure is reported once per log, at its
 * first line. Lines pass through in one go; only lines holding a cue word are looked at closely, so a log streams
 * through at the speed of reading it.
 */
public final class FailureExtractor {
    public static final int MAX_FAILURES = 500;
    private static final int MAX_BLOCK = 60;
    private static final int FRAMES_IN_SIGNATURE = 6;

    /** GitHub Actions and other CI runners put a timestamp before each line. */
    private static final Pattern CI_TIMESTAMP = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z ");
    private static final Pattern EXCEPTION = Pattern.compile(
            "^(?:Exception in thread \"[^\"]*\" |Uncaught |Caused by: )?"
                    + "((?:[a-zA-Z_$][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error|Throwable|Failure|Failed))(?::.*)?$");
    private static final Pattern FRAME = Pattern
            .compile("^\\s+at \\S.*|^\\s*\\.\\.\\. \\d+ (?:more|common frames omitted)$");
    private static final Pattern COMPILER = Pattern.compile(String.join("|",
            // javac through Maven: [ERROR] /path/Foo.java:[12,5] cannot find symbol
            "^(?:\\[ERROR\\] )?(\\S+\\.(?:java|kt|scala|groovy)):\\[\\d+,\\d+\\] .+",
            // javac: Foo.java:12: error: ...
            "^\\S+\\.java:\\d+: error: .+",
            // gcc, clang, swiftc, go: file:line:col: error: ...
            "^\\S+\\.(?:c|cc|cpp|cxx|h|hpp|m|mm|swift):\\d+:\\d+: (?:fatal )?error: .+",
            "^\\S+\\.go:\\d+:\\d+: .+",
            // kotlinc: e: file:///path/Foo.kt:12:5 message, or e: /path/Foo.kt: (12, 5): message
            "^e: \\S+\\.kts?:?(?::\\d+:\\d+| \\(\\d+, \\d+\\):) .+",
            // tsc: file.ts(12,5): error TS2322: ... or file.ts:12:5 - error TS2322: ...
            "^\\S+\\.(?:ts|tsx|mts|cts)(?:\\(\\d+,\\d+\\): | ?:\\d+:\\d+ - )error TS\\d+: .+",
            // rustc: error[E0308]: mismatched types
            "^error(?:\\[E\\d+\\])?: .+"));
    private static final Pattern RUST_LOCATION = Pattern.compile("^\\s*--> \\S+:\\d+:\\d+$");
    private static final Pattern XCTEST = Pattern.compile(
            "^\\S+:\\d+: error: -\\[\\S+ \\S+\\] : .+|^Test Case '-\\[\\S+ \\S+\\]' failed .*");
    private static final Pattern PYTEST_SUMMARY = Pattern.compile("^(?:FAILED|ERROR) \\S+::\\S+.*");
    private static final Pattern GO_TEST = Pattern.compile("^\\s*--- FAIL: \\S+ \\(.*\\)$");
    private static final Pattern RUST_PANIC = Pattern.compile("^thread '[^']*'(?: \\(\\d+\\))? panicked at .*");
    /** glibc's assert(): {@code prog: file.c:24: function: Assertion `x' failed.} */
    private static final Pattern C_ASSERT = Pattern.compile("^.*\\S+:\\d+: \\S+: Assertion `.*' failed\\.$");
    /** Summaries that follow a failure already read, saying nothing of their own. */
    private static final List<String> SUMMARIES = List.of("error: test failed", "error: could not compile",
            "error: aborting due to", "error: Recipe `", "error: process didn't exit successfully");
    private static final Pattern MAVEN_TEST_LINE = Pattern.compile("^\\[ERROR\\]\\s{2,}(?!Run \\d)\\S.*");

    private final List<ExtractedFailure> found = new ArrayList<>();
    private final Set<String> fingerprints = new HashSet<>();
    private Block open;

    /** Reads the next line of the log: its number from 1 and its byte offset. */
    public void line(String raw, long number, long offset) {
        if (found.size() >= MAX_FAILURES) {
            return;
        }
        String text = raw.indexOf('\u001B') < 0 ? raw : FailureSignatures.stripAnsi(raw);
        if (text.length() > 20 && text.charAt(4) == '-' && text.charAt(10) == 'T') {
            Matcher stamp = CI_TIMESTAMP.matcher(text);
            if (stamp.lookingAt()) {
                text = text.substring(stamp.end());
            }
        }
        if (open != null) {
            if (open.lines.size() < MAX_BLOCK && open.accepts(text)) {
                open.lines.add(text);
                return;
            }
            Block done = open;
            open = null;
            done.close(this);
        }
        start(text, number, offset);
    }

    /** The failures found, in the order they started. */
    public List<ExtractedFailure> finish() {
        if (open != null) {
            Block done = open;
            open = null;
            done.close(this);
        }
        return List.copyOf(found);
    }

    private void start(String text, long number, long offset) {
        if (!hasCue(text)) {
            return;
        }
        String body = text.startsWith("[ERROR] ") ? text.substring(8) : text;
        String trimmed = body.strip();
        if (trimmed.startsWith("Traceback (most recent call last)")) {
            open = new PythonTraceback(text, number, offset);
        } else if (trimmed.startsWith("FAILURE: Build failed") || trimmed.startsWith("FAILURE: Build completed")) {
            open = new GradleSection(text, number, offset);
        } else if (text.startsWith("[ERROR] Failed to execute goal ")) {
            open = new MavenGoal(text, number, offset);
        } else if (text.startsWith("[ERROR] Failures:") || text.startsWith("[ERROR] Errors:")) {
            open = new MavenTestSummary(text, number, offset);
        } else if (trimmed.startsWith("The following build commands failed:")) {
            open = new XcodeSection(text, number, offset);
        } else if (trimmed.startsWith("● ") && !trimmed.startsWith("● Console")) {
            open = new JestFailure(text, number, offset);
        } else if (trimmed.startsWith("E ") && text.startsWith("E ")) {
            open = new PytestAssertion(text, number, offset);
        } else if (trimmed.startsWith("panic: ")) {
            open = new GoPanic(text, number, offset);
        } else if (text.contains("--- FAIL: ") && GO_TEST.matcher(text).matches()) {
            open = new GoTestFailure(text, number, offset);
        } else if (trimmed.contains("panicked at") && RUST_PANIC.matcher(trimmed).matches()) {
            open = new RustPanic(text, number, offset);
        } else if ((trimmed.contains(": error: -[") || trimmed.startsWith("Test Case '-["))
                && XCTEST.matcher(trimmed).matches()) {
            add(FailureSignatures.failure(FailureKind.XCODE, trimmed, List.of(trimmed), List.of(text), number,
                    offset));
        } else if (trimmed.startsWith("xcodebuild: error: ")) {
            add(FailureSignatures.failure(FailureKind.XCODE, trimmed, List.of(trimmed), List.of(text), number,
                    offset));
        } else if (trimmed.contains("Assertion `") && C_ASSERT.matcher(trimmed).matches()) {
            add(FailureSignatures.failure(FailureKind.ASSERTION, trimmed, List.of(trimmed.substring(
                    trimmed.indexOf(": ") + 2)), List.of(text), number, offset));
        } else if ((trimmed.startsWith("FAILED ") || trimmed.startsWith("ERROR ")) && PYTEST_SUMMARY.matcher(trimmed)
                .matches()) {
            add(FailureSignatures.failure(FailureKind.ASSERTION, trimmed, List.of(trimmed), List.of(text), number,
                    offset));
        } else if (mayBeCompilerError(text) && COMPILER.matcher(text).matches()
                && SUMMARIES.stream().noneMatch(text::startsWith)) {
            open = new CompilerError(text, number, offset);
        } else if (EXCEPTION.matcher(trimmed).matches() && !trimmed.startsWith("Caused by: ")) {
            open = new StackTrace(text, number, offset);
        }
    }

    /** Whether a line could be one of {@link #COMPILER}'s: the regular expression is only tried when it could. */
    private static boolean mayBeCompilerError(String text) {
        return text.contains("error") || text.startsWith("e: ") || text.contains(".go:")
                || (text.startsWith("[ERROR] ") && text.contains(":["));
    }

    /** Cheap words that every failure's first line holds one of. */
    private static boolean hasCue(String text) {
        return text.contains("rror") || text.contains("RROR") || text.contains("xception") || text.contains("FAIL")
                || text.contains("Traceback") || text.contains("anic") || text.contains("ail")
                || text.contains("Throwable") || text.startsWith("E ") || text.contains("● ")
                || text.startsWith("e: ") || text.contains("ssert");
    }

    private void add(ExtractedFailure failure) {
        if (!failure.signature().isEmpty() && found.size() < MAX_FAILURES && fingerprints.add(failure.fingerprint())) {
            found.add(failure);
        }
    }

    /** A failure that may run over several lines. */
    private abstract static class Block {
        final List<String> lines = new ArrayList<>();
        final long number;
        final long offset;

        Block(String first, long number, long offset) {
            lines.add(first);
            this.number = number;
            this.offset = offset;
        }

        /** Whether {@code text} continues this failure. */
        abstract boolean accepts(String text);

        abstract void close(FailureExtractor extractor);

        void emit(FailureExtractor extractor, FailureKind kind, String title, List<String> signature) {
            extractor.add(FailureSignatures.failure(kind, title, signature, lines, number, offset));
        }

        String first() {
            String text = lines.getFirst();
            return (text.startsWith("[ERROR] ") ? text.substring(8) : text).strip();
        }
    }

    /** An exception line, its message, and its {@code at} frames and causes. */
    private static final class StackTrace extends Block {
        private boolean framed;

        StackTrace(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            if (FRAME.matcher(text).matches()) {
                framed = true;
                return true;
            }
            String trimmed = text.strip();
            if (framed) {
                return trimmed.startsWith("Caused by: ") || trimmed.startsWith("Suppressed: ");
            }
            // A message over several lines comes before the first frame.
            return !trimmed.isEmpty() && lines.size() < 20;
        }

        @Override
        void close(FailureExtractor extractor) {
            String title = first();
            boolean assertion = title.contains("Assert") || title.contains("ComparisonFailure")
                    || title.contains("expected");
            if (!framed) {
                if (assertion) {
                    emit(extractor, FailureKind.ASSERTION, title, List.of(title));
                }
                return;
            }
            List<String> signature = new ArrayList<>();
            signature.add(title);
            int frames = 0;
            for (String line : lines.subList(1, lines.size())) {
                String trimmed = line.strip();
                if (trimmed.startsWith("at ") && frames < FRAMES_IN_SIGNATURE) {
                    signature.add(trimmed);
                    frames++;
                } else if (trimmed.startsWith("Caused by: ")) {
                    signature.add(trimmed);
                    frames = FRAMES_IN_SIGNATURE - 2;
                }
            }
            emit(extractor, assertion ? FailureKind.ASSERTION : FailureKind.STACK_TRACE, title, signature);
        }
    }

    private static final class PythonTraceback extends Block {
        private boolean ended;

        PythonTraceback(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            if (ended) {
                return false;
            }
            if (!text.isEmpty() && !Character.isWhitespace(text.charAt(0))) {
                // The exception itself, the first line that is not indented.
                ended = true;
            }
            return true;
        }

        @Override
        void close(FailureExtractor extractor) {
            if (!ended) {
                return;
            }
            String exception = lines.getLast().strip();
            List<String> signature = new ArrayList<>();
            signature.add(exception);
            List<String> frames = lines.stream().map(String::strip).filter(line -> line.startsWith("File \""))
                    .toList();
            // The innermost frames say most about where it broke.
            signature.addAll(frames.subList(Math.max(0, frames.size() - 4), frames.size()));
            emit(extractor, exception.contains("AssertionError") ? FailureKind.ASSERTION : FailureKind.STACK_TRACE,
                    exception, signature);
        }
    }

    private static final class GradleSection extends Block {
        GradleSection(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            String trimmed = text.strip();
            return !trimmed.startsWith("* Try:") && !trimmed.startsWith("BUILD FAILED")
                    && !trimmed.startsWith("* Get more help");
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> wrong = new ArrayList<>();
            boolean inside = false;
            for (String line : lines) {
                String trimmed = line.strip();
                if (trimmed.startsWith("* What went wrong:")) {
                    inside = true;
                } else if (trimmed.startsWith("* ")) {
                    inside = false;
                } else if (inside && !trimmed.isEmpty()) {
                    wrong.add(trimmed);
                }
            }
            if (!wrong.isEmpty()) {
                emit(extractor, FailureKind.GRADLE, wrong.getFirst(), wrong.subList(0, Math.min(8, wrong.size())));
            }
        }
    }

    private static final class MavenGoal extends Block {
        MavenGoal(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return text.startsWith("[ERROR]") && !lines.getLast().startsWith("[ERROR] -> [Help");
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> signature = new ArrayList<>();
            for (String line : lines) {
                String body = line.length() > 7 ? line.substring(7).strip() : "";
                if (!body.isEmpty() && !body.startsWith("-> [Help") && !body.startsWith("To see the full stack")
                        && !body.startsWith("Re-run Maven") && !body.startsWith("For more information")
                        && !body.startsWith("[Help") && !body.startsWith("Please refer to")) {
                    signature.add(body);
                }
            }
            emit(extractor, FailureKind.MAVEN, first(), signature.subList(0, Math.min(6, signature.size())));
        }
    }

    /** Surefire's summary: one failed test a line, each its own failure. */
    private static final class MavenTestSummary extends Block {
        MavenTestSummary(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return MAVEN_TEST_LINE.matcher(text).matches() || text.startsWith("[ERROR]   Run ");
        }

        @Override
        void close(FailureExtractor extractor) {
            long at = number;
            for (String line : lines.subList(1, lines.size())) {
                at++;
                String body = line.substring(7).strip();
                if (!body.startsWith("Run ")) {
                    extractor.add(FailureSignatures.failure(FailureKind.ASSERTION, body, List.of(body),
                            List.of(line), at, offset));
                }
            }
        }
    }

    private static final class XcodeSection extends Block {
        XcodeSection(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return !text.isBlank() && Character.isWhitespace(text.charAt(0));
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> commands = lines.subList(1, lines.size()).stream().map(String::strip).toList();
            if (!commands.isEmpty()) {
                emit(extractor, FailureKind.XCODE, commands.getFirst(), commands);
            }
        }
    }

    private static final class JestFailure extends Block {
        JestFailure(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            String trimmed = text.strip();
            return !trimmed.startsWith("at ") && !trimmed.startsWith("● ");
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> signature = new ArrayList<>();
            signature.add(first());
            for (String line : lines.subList(1, lines.size())) {
                String trimmed = line.strip();
                boolean diff = (trimmed.startsWith("- ") || trimmed.startsWith("+ "))
                        && !trimmed.startsWith("- Expected") && !trimmed.startsWith("+ Received");
                if (trimmed.startsWith("expect(") || trimmed.startsWith("Expected") || trimmed.startsWith("Received")
                        || diff || EXCEPTION.matcher(trimmed).matches()) {
                    signature.add(trimmed);
                }
            }
            emit(extractor, FailureKind.ASSERTION, first(), signature);
        }
    }

    private static final class PytestAssertion extends Block {
        PytestAssertion(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return text.startsWith("E ");
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> signature = lines.stream().map(line -> line.substring(1).strip())
                    .filter(line -> !line.isEmpty()).limit(10).toList();
            if (!signature.isEmpty()) {
                emit(extractor, FailureKind.ASSERTION, signature.getFirst(), signature);
            }
        }
    }

    private static final class GoPanic extends Block {
        GoPanic(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return !(text.isBlank() && lines.stream().anyMatch(line -> line.startsWith("goroutine ")));
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> signature = new ArrayList<>();
            signature.add(first());
            lines.stream().skip(1).filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0))
                    && !line.startsWith("goroutine ") && !line.startsWith("[")).limit(FRAMES_IN_SIGNATURE)
                    .forEach(signature::add);
            emit(extractor, FailureKind.STACK_TRACE, first(), signature);
        }
    }

    private static final class GoTestFailure extends Block {
        GoTestFailure(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return text.startsWith("        ") || (text.startsWith("    ") && !text.strip().startsWith("--- "));
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> signature = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).limit(8)
                    .toList();
            emit(extractor, FailureKind.ASSERTION, first(), signature);
        }
    }

    private static final class RustPanic extends Block {
        RustPanic(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            // Since Rust 1.73 the message follows on the next line.
            return lines.size() == 1 && !text.isBlank() && !text.startsWith("note: ");
        }

        @Override
        void close(FailureExtractor extractor) {
            emit(extractor, FailureKind.STACK_TRACE, first(), lines.stream().map(String::strip).toList());
        }
    }

    /** A compiler's error line and the source lines it shows under it. */
    private static final class CompilerError extends Block {
        CompilerError(String first, long number, long offset) {
            super(first, number, offset);
        }

        @Override
        boolean accepts(String text) {
            return lines.size() < 8 && !text.isBlank()
                    && (Character.isWhitespace(text.charAt(0)) || text.startsWith("|") || text.matches("^\\d+ \\|.*"));
        }

        @Override
        void close(FailureExtractor extractor) {
            List<String> signature = new ArrayList<>();
            signature.add(first());
            lines.stream().skip(1).filter(line -> RUST_LOCATION.matcher(line).matches()).findFirst()
                    .ifPresent(signature::add);
            // javac says which symbol and where, and what was required and found.
            lines.stream().skip(1).map(String::strip).filter(line -> line.startsWith("symbol:")
                    || line.startsWith("location:") || line.startsWith("required:") || line.startsWith("found:"))
                    .forEach(signature::add);
            emit(extractor, FailureKind.COMPILER, first(), signature);
        }
    }

    /**
     * The failures in a test's failure message and stack trace, as a report gave them: the trace is read like a log
     * (so a failure printed both in a log and in a report falls into one group); a message without a trace is an
     * assertion of its own.
     */
    public static List<ExtractedFailure> fromReport(String failureType, String message, String stackTrace) {
        FailureExtractor extractor = new FailureExtractor();
        long number = 0;
        for (String line : stackTrace.split("\r?\n", -1)) {
            extractor.line(line, ++number, 0);
        }
        List<ExtractedFailure> failures = extractor.finish();
        if (!failures.isEmpty()) {
            return failures.subList(0, 1).stream().map(failure -> new ExtractedFailure(failure.kind(),
                    failure.title(), failure.signature(), failure.fingerprint(), failure.excerpt(), 0, 0)).toList();
        }
        String firstLine = message.lines().findFirst().orElse("").strip();
        String title = failureType.isEmpty()
                ? firstLine
                : firstLine.isEmpty()
                        ? failureType
                        : failureType + ": " + firstLine;
        if (title.isEmpty()) {
            return List.of();
        }
        ExtractedFailure failure = FailureSignatures.failure(FailureKind.TEST, title, List.of(title),
                message.isEmpty() ? List.of(title) : message.lines().limit(40).toList(), 0, 0);
        return failure.signature().isEmpty() ? List.of() : List.of(failure);
    }
}
