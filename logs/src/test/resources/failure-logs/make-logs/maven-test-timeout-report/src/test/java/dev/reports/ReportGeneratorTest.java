package dev.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportGeneratorTest {
    private final ReportGenerator generator = new ReportGenerator();

    // @@PAD@@
    @Test
    void monthlyReportIsFastEnough() {
        String report = assertTimeout(Duration.ofMillis(250), () -> generator.generateMonthlyReport("2026-10"));
        assertEquals("report for 2026-10", report);
    }
}
