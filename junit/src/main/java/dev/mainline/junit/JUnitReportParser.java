package dev.mainline.junit;

import static java.util.Objects.requireNonNull;

import dev.mainline.testresults.TestAttempt;
import dev.mainline.testresults.TestCaseResult;
import dev.mainline.testresults.TestOutcome;
import dev.mainline.testresults.TestReport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a JUnit-style XML report, streaming, into a {@link TestReport}. One reader for every common producer:
 * <ul>
 * <li>the generic schema: {@code <testsuites>} or a lone {@code <testsuite>}, suites nested in suites, each
 * {@code <testcase>} passed, or {@code <failure>}, {@code <error>} or {@code <skipped>};</li>
 * <li>Maven Surefire's re-runs: {@code <flakyFailure>}/{@code <flakyError>} are failed attempts before a pass,
 * {@code <rerunFailure>}/{@code <rerunError>} failed attempts after the first failure;</li>
 * <li>runners that write one {@code <testcase>} per attempt (Gradle's retries, gotestsum's re-runs, Xcode's
 * repetitions): the repeats of a test within its suite become its attempts, in order;</li>
 * <li>{@code status="notrun"} (Bazel, googletest) is a skip; a test's class is its {@code classname}, else its
 * {@code class} (PHPUnit), else its suite; {@code time} may carry thousands separators (Surefire).</li>
 * </ul>
 * Hostile input is refused before it costs anything: a DOCTYPE (so no external entity and no entity expansion), a
 * file past the size limit, nesting past the depth limit, more tests than the limit, bytes that are not the declared
 * encoding, and XML that is not well formed, each with the file and line. Messages and stack traces are kept up to a
 * length and marked where cut.
 */
public final class JUnitReportParser {
    private final Limits limits;
    private final XMLInputFactory factory;

    /** How much one report may hold. */
    public record Limits(long maxBytes, int maxDepth, int maxTests, int maxMessageChars, int maxStackTraceChars) {
        public static Limits defaults() {
            return new Limits(128L * 1024 * 1024, 64, 2_000_000, 16 * 1024, 64 * 1024);
        }
    }

    public JUnitReportParser(Limits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        this.factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Reports use no namespaces that matter (Surefire's xsi attributes are read by local name).
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    }

    public JUnitReportParser() {
        this(Limits.defaults());
    }

    /** Reads the report {@code file} from {@code input} (not closed); refused with {@link ReportRejectedException}. */
    public TestReport parse(String file, InputStream input) {
        requireNonNull(file, "file is null");
        requireNonNull(input, "input is null");
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new Bounded(input, limits.maxBytes(), file));
            return new Reading(file, reader).report();
        } catch (XMLStreamException e) {
            throw rejected(file, e.getLocation(), describe(e));
        } catch (TooLarge e) {
            throw new ReportRejectedException(e.getMessage());
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException e) {
                    // Nothing was kept open that matters: the stream is the caller's.
                }
            }
        }
    }

    private static String describe(XMLStreamException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge tooLarge) {
                throw tooLarge;
            }
            if (cause instanceof java.io.CharConversionException) {
                return "the bytes are not valid in the file's encoding (" + cause.getMessage() + ")";
            }
        }
        String message = String.valueOf(e.getMessage());
        int detail = message.indexOf("Message: ");
        return detail >= 0 ? message.substring(detail + "Message: ".length()) : message;
    }

    private static ReportRejectedException rejected(String file, Location location, String reason) {
        return new ReportRejectedException(location == null || location.getLineNumber() < 0
                ? "%s: %s".formatted(file, reason)
                : "%s: line %d: %s".formatted(file, location.getLineNumber(), reason));
    }

    /** The suite pytest writes every test of a session into (its {@code junit_suite_name} by default). */
    private static final String PYTEST_SUITE = "pytest";
    private static final TestAttempt RERUN = new TestAttempt(TestOutcome.FAILED, Duration.ZERO, Optional.empty(),
            Optional.of("failed, then re-run by pytest-rerunfailures (which writes nothing of the failure)"),
            Optional.empty());

    /** The reading of one report: the suites around the current element and the tests seen so far. */
    private final class Reading {
        private final String file;
        private final XMLStreamReader reader;
        private final Deque<String> suites = new ArrayDeque<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        /** Every test, in the order first seen. */
        private final List<Test> tests = new ArrayList<>();
        /**
         * The tests of each open suite by class and name, to find a repeat (one element per attempt): runners write
         * the attempts of a test within its suite, and small maps per suite are much cheaper than one for the file.
         */
        private final Deque<Map<Key, Test>> suiteTests = new ArrayDeque<>(List.of(new HashMap<>()));
        /** The tests of every suite name seen: a suite that appears twice under one name is one suite. */
        private final Map<String, Map<Key, Test>> suitesByName = new HashMap<>();
        private int testcases;

        Reading(String file, XMLStreamReader reader) {
            this.file = file;
            this.reader = reader;
        }

        TestReport report() throws XMLStreamException {
            int depth = 0;
            boolean rootSeen = false;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD -> throw reject(
                            "it has a DOCTYPE; DTDs and entities are refused (external entities, entity expansion)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw reject(
                            "it refers to the entity &%s;, which a report cannot declare".formatted(
                                    reader.getLocalName()));
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (depth > limits.maxDepth()) {
                            throw reject("elements nest deeper than %d".formatted(limits.maxDepth()));
                        }
                        String name = reader.getLocalName();
                        if (!rootSeen) {
                            rootSeen = true;
                            if (!name.equals("testsuites") && !name.equals("testsuite")) {
                                throw reject(("not a JUnit report: its root element is <%s>, not <testsuites> or "
                                        + "<testsuite>").formatted(name));
                            }
                        }
                        switch (name) {
                            case "testsuite" -> {
                                suites.push(attribute("name").orElse(""));
                                suiteTests.push(suitesByName.computeIfAbsent(suites.peek(),
                                        key -> new HashMap<>()));
                            }
                            case "testcase" -> {
                                testcase();
                                depth--;
                            }
                            case "property" -> {
                                if (!suites.isEmpty()) {
                                    attribute("name").ifPresent(key -> properties.putIfAbsent(key,
                                            attribute("value").orElse("")));
                                }
                            }
                            default -> {
                            }
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        depth--;
                        if (reader.getLocalName().equals("testsuite")) {
                            suites.pop();
                            suiteTests.pop();
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!rootSeen) {
                throw rejected(file, null, "it is empty: no <testsuites> or <testsuite>");
            }
            List<TestCaseResult> results = new ArrayList<>(tests.size());
            tests.forEach(test -> results.add(test.result()));
            return new TestReport(file, properties, results);
        }

        /** Reads a {@code <testcase>} up to its end tag. */
        private void testcase() throws XMLStreamException {
            if (++testcases > limits.maxTests()) {
                throw reject("it holds more than %d test cases".formatted(limits.maxTests()));
            }
            // One pass over the attributes: a report holds a great many test cases.
            String name = null;
            String classname = null;
            String clazz = null;
            String testFile = null;
            String time = null;
            String bazelDuration = null;
            boolean notRun = false;
            for (int i = 0, count = reader.getAttributeCount(); i < count; i++) {
                String value = reader.getAttributeValue(i);
                switch (reader.getAttributeLocalName(i)) {
                    case "name" -> name = value;
                    case "classname" -> classname = value;
                    case "class" -> clazz = value;
                    case "file" -> testFile = value;
                    case "time" -> time = value;
                    case "duration" -> bazelDuration = value;
                    case "status" -> notRun = value.equals("notrun");
                    default -> {
                    }
                }
            }
            if (name == null) {
                throw reject("a <testcase> has no name");
            }
            // Identities are kept up to these lengths (the store's columns); a longer one is cut, not refused.
            name = cut(name, 4000);
            String suite = cut(suites.isEmpty() ? "" : suites.peek(), 2000);
            String className = cut(classname != null && !classname.isEmpty()
                    ? classname
                    : clazz != null && !clazz.isEmpty() ? clazz : suite, 2000);
            testFile = testFile == null ? null : cut(testFile, 2000);
            Duration duration = seconds(time != null ? time : bazelDuration);
            // Most test cases have one attempt: the lists of re-runs are made only when there are some.
            List<TestAttempt> earlier = null;
            List<TestAttempt> later = null;
            TestAttempt result = null;
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth + suites.size() > limits.maxDepth()) {
                        throw reject("elements nest deeper than %d".formatted(limits.maxDepth()));
                    }
                    String element = reader.getLocalName();
                    switch (element) {
                        case "failure", "error" -> {
                            if (result == null) {
                                result = failure(element.equals("failure") ? TestOutcome.FAILED : TestOutcome.ERROR,
                                        duration, false);
                                depth--;
                            }
                        }
                        case "skipped" -> {
                            if (result == null) {
                                Optional<String> message = attribute("message");
                                String text = text();
                                depth--;
                                result = new TestAttempt(TestOutcome.SKIPPED, duration, Optional.empty(),
                                        message.filter(value -> !value.isEmpty())
                                                .or(() -> nonBlank(text)).map(this::message),
                                        Optional.empty());
                            }
                        }
                        case "flakyFailure", "flakyError" -> {
                            earlier = earlier == null ? new ArrayList<>(2) : earlier;
                            earlier.add(failure(element.equals("flakyFailure")
                                    ? TestOutcome.FAILED
                                    : TestOutcome.ERROR, Duration.ZERO, true));
                            depth--;
                        }
                        case "rerunFailure", "rerunError" -> {
                            later = later == null ? new ArrayList<>(2) : later;
                            later.add(failure(element.equals("rerunFailure")
                                    ? TestOutcome.FAILED
                                    : TestOutcome.ERROR, Duration.ZERO, true));
                            depth--;
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw reject("it refers to an entity, which a report cannot declare");
                }
            }
            if (result == null) {
                result = notRun
                        ? new TestAttempt(TestOutcome.SKIPPED, duration, Optional.empty(), Optional.of("not run"),
                                Optional.empty())
                        : TestAttempt.passed(duration);
            }
            Map<Key, Test> inSuite = suiteTests.peek();
            Key key = new Key(className, name);
            Test test = inSuite.get(key);
            if (test == null) {
                test = new Test(suite, className, name, Optional.ofNullable(testFile));
                inSuite.put(key, test);
                tests.add(test);
            } else if (PYTEST_SUITE.equals(suite)) {
                // pytest-rerunfailures (16.6.1 on) writes each re-run attempt as an empty testcase before the last
                // one; it re-runs only after a failure, so an attempt that was followed by another one failed.
                test.attempts.replaceAll(attempt -> attempt.outcome() == TestOutcome.PASSED ? RERUN : attempt);
            }
            if (earlier != null) {
                test.attempts.addAll(earlier);
            }
            test.attempts.add(result);
            if (later != null) {
                test.attempts.addAll(later);
            }
        }

        /**
         * A {@code <failure>} or {@code <error>} (or a Surefire re-run of one) up to its end tag: its type and message
         * attributes, and its text, or with {@code nested} its {@code <stackTrace>} child, as the stack trace.
         */
        private TestAttempt failure(TestOutcome outcome, Duration duration, boolean nested)
                throws XMLStreamException {
            Optional<String> type = attribute("type").filter(value -> !value.isEmpty()).map(value -> cut(value, 500));
            Optional<String> message = attribute("message").filter(value -> !value.isEmpty()).map(this::message);
            StringBuilder stack = new StringBuilder();
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        depth++;
                        if (nested && reader.getLocalName().equals("stackTrace")) {
                            stack.append(text());
                            depth--;
                        }
                    }
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!nested && depth == 1) {
                            append(stack, reader.getText(), limits.maxStackTraceChars());
                        }
                    }
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE -> throw reject(
                            "it refers to an entity, which a report cannot declare");
                    default -> {
                    }
                }
            }
            Optional<String> trace = nonBlank(stack.toString()).map(this::stackTrace);
            // Runners without a message attribute (jest-junit) put everything in the text: its first line is the
            // message.
            if (message.isEmpty() && trace.isPresent()) {
                message = Optional.of(message(trace.get().strip().lines().findFirst().orElse("")));
            }
            return new TestAttempt(outcome, duration, type, message, trace);
        }

        /** The text of the current element up to its end tag, nested elements skipped. */
        private String text() throws XMLStreamException {
            StringBuilder text = new StringBuilder();
            int depth = 1;
            while (depth > 0) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> depth++;
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (depth == 1) {
                            append(text, reader.getText(), limits.maxStackTraceChars());
                        }
                    }
                    default -> {
                    }
                }
            }
            return text.toString();
        }

        private void append(StringBuilder text, String more, int max) {
            if (text.length() <= max) {
                text.append(more, 0, Math.min(more.length(), max + 1 - text.length()));
            }
        }

        private String message(String text) {
            return cut(text.strip(), limits.maxMessageChars());
        }

        private String stackTrace(String text) {
            return cut(text.strip(), limits.maxStackTraceChars());
        }

        private Optional<String> attribute(String name) {
            String value = reader.getAttributeValue(null, name);
            return Optional.ofNullable(value);
        }

        /**
         * Seconds as runners write them ({@code 1.5}, {@code 0.001}, {@code 1,204.440} with a thousands separator),
         * to nanoseconds; what cannot be read, or is negative or absurd, costs the test its duration, not the report.
         */
        private Duration seconds(String text) {
            if (text == null) {
                return Duration.ZERO;
            }
            long whole = 0;
            long nanos = 0;
            int fractionDigits = -1;
            boolean digits = false;
            for (int i = 0; i < text.length(); i++) {
                char character = text.charAt(i);
                if (character >= '0' && character <= '9') {
                    digits = true;
                    if (fractionDigits < 0) {
                        whole = whole * 10 + (character - '0');
                        if (whole > 10_000_000) {
                            return Duration.ZERO;
                        }
                    } else if (fractionDigits < 9) {
                        nanos = nanos * 10 + (character - '0');
                        fractionDigits++;
                    }
                } else if (character == '.' && fractionDigits < 0) {
                    fractionDigits = 0;
                } else if (character != ',' || fractionDigits >= 0) {
                    return Duration.ZERO;
                }
            }
            if (!digits) {
                return Duration.ZERO;
            }
            for (int i = Math.max(fractionDigits, 0); i < 9; i++) {
                nanos *= 10;
            }
            return Duration.ofSeconds(whole, nanos);
        }

        private ReportRejectedException reject(String reason) {
            return rejected(file, reader.getLocation(), reason);
        }
    }

    private static Optional<String> nonBlank(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    /** {@code text} at most {@code max} characters and a marker long, never splitting a surrogate pair. */
    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        String marker = "… [cut at %d characters]".formatted(max);
        return text.substring(0, Math.max(0, end - marker.length())) + marker;
    }

    /** A test's class and name: who it is within its suite. */
    private record Key(String className, String name) {
    }

    /** A test being read: every attempt at it, in order. */
    private static final class Test {
        private final String suite;
        private final String className;
        private final String name;
        private final Optional<String> file;
        private final List<TestAttempt> attempts = new ArrayList<>(1);

        Test(String suite, String className, String name, Optional<String> file) {
            this.suite = suite;
            this.className = className;
            this.name = name;
            this.file = file;
        }

        TestCaseResult result() {
            return new TestCaseResult(suite, className, name, file, attempts);
        }
    }

    /** A report past the size limit, noticed while it is read. */
    private static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    /** Refuses to read past {@code max} bytes. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private final String file;
        private long read;

        Bounded(InputStream input, long max, String file) {
            super(input);
            this.max = max;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                count(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                count(count);
            }
            return count;
        }

        private void count(int bytes) {
            read += bytes;
            if (read > max) {
                throw new TooLarge("%s: it is larger than %d bytes".formatted(file, max));
            }
        }
    }
}
