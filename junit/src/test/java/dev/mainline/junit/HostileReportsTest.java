package dev.mainline.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.testresults.TestReport;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and hostile reports are refused, naming the file and the line, before they cost anything. */
class HostileReportsTest {
    @TempDir
    Path directory;

    private final JUnitReportParser parser = new JUnitReportParser();

    private TestReport parse(String xml) {
        return parser.parse("report.xml", new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anExternalEntityIsNeverFetchedNorRead() throws Exception {
        Path secret = Files.writeString(directory.resolve("secret.txt"), "top secret");
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [ <!ENTITY leak SYSTEM "%s"> ]>
                <testsuite name="s"><testcase name="t"><failure message="&leak;"/></testcase></testsuite>
                """.formatted(secret.toUri());

        assertThatThrownBy(() -> parse(xxe))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("report.xml: line 2")
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("top secret");
    }

    @Test
    void billionLaughsIsRefusedAtTheDoctype() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            lol.append("<!ENTITY lol%d \"%s\">\n".formatted(i, ("&lol" + (i - 1) + ";").repeat(10)));
        }
        lol.append("]>\n<testsuite name=\"s\"><testcase name=\"&lol9;\"/></testsuite>\n");

        assertThatThrownBy(() -> parse(lol.toString()))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void anUndeclaredEntityIsRefused() {
        assertThatThrownBy(() -> parse("<testsuite name=\"s\"><testcase name=\"&nope;\"/></testsuite>"))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("report.xml: line 1")
                .hasMessageContaining("nope");
    }

    @Test
    void aTruncatedFileNamesWhereItStops() {
        assertThatThrownBy(() -> parse("""
                <testsuites>
                  <testsuite name="s">
                    <testcase name="a"/>
                    <testcase name="b"><failure message="x">boom
                """))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageStartingWith("report.xml: line ");
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"s\">\n<testcase name=\""
                .getBytes(StandardCharsets.US_ASCII);
        byte[] invalid = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        byte[] tail = "\"/></testsuite>".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + invalid.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(invalid, 0, all, head.length, invalid.length);
        System.arraycopy(tail, 0, all, head.length + invalid.length, tail.length);

        assertThatThrownBy(() -> parser.parse("report.xml", new ByteArrayInputStream(all)))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("report.xml")
                .hasMessageContaining("encoding");
    }

    @Test
    void aReportLargerThanTheLimitIsRefusedWithoutReadingIt() {
        // Two gigabytes that are never materialised: a stream of "<testsuite>" followed by endless spaces.
        InputStream head = new ByteArrayInputStream("<testsuites>".getBytes(StandardCharsets.US_ASCII));
        InputStream endless = new InputStream() {
            private long left = 2L * 1024 * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int count = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + count, (byte) ' ');
                left -= count;
                return count;
            }
        };
        JUnitReportParser small = new JUnitReportParser(new JUnitReportParser.Limits(1024 * 1024, 64, 1000, 1024,
                4096));

        assertThatThrownBy(() -> small.parse("huge.xml",
                new SequenceInputStream(Collections.enumeration(List.of(head, endless)))))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessage("huge.xml: it is larger than 1048576 bytes");
    }

    @Test
    void tooDeepTooManyAndNotAReportAreRefused() {
        assertThatThrownBy(() -> parse("<testsuites>" + "<testsuite name=\"s\">".repeat(70)))
                .isInstanceOf(ReportRejectedException.class).hasMessageContaining("nest deeper than 64");
        JUnitReportParser few = new JUnitReportParser(new JUnitReportParser.Limits(1 << 20, 64, 2, 1024, 4096));
        assertThatThrownBy(() -> few.parse("many.xml", new ByteArrayInputStream(
                "<testsuite><testcase name=\"a\"/><testcase name=\"b\"/><testcase name=\"c\"/></testsuite>"
                        .getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ReportRejectedException.class).hasMessageContaining("more than 2 test cases");
        assertThatThrownBy(() -> parse("<html><body>not a report</body></html>"))
                .isInstanceOf(ReportRejectedException.class)
                .hasMessageContaining("not a JUnit report: its root element is <html>");
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(ReportRejectedException.class).hasMessageStartingWith("report.xml");
        assertThatThrownBy(() -> parse("<testsuite name=\"s\"><testcase classname=\"c\"/></testsuite>"))
                .isInstanceOf(ReportRejectedException.class).hasMessageContaining("a <testcase> has no name");
    }

    @Test
    void hugeMessagesAndStackTracesAreKeptCut() {
        String stack = "at frame\n".repeat(20_000);
        TestReport report = parse("<testsuite name=\"s\"><testcase name=\"t\"><failure message=\"%s\">%s</failure>"
                .formatted("m".repeat(40_000), stack) + "</testcase></testsuite>");

        var attempt = report.tests().getFirst().attempts().getFirst();
        assertThat(attempt.message().orElseThrow()).hasSizeLessThan(17_000).endsWith("[cut at 16384 characters]");
        assertThat(attempt.stackTrace().orElseThrow()).hasSizeLessThan(66_000)
                .endsWith("[cut at 65536 characters]");
    }
}
