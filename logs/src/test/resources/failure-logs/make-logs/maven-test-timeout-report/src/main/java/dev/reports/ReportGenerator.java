package dev.reports;

import java.util.concurrent.ThreadLocalRandom;

public class ReportGenerator {

    public String generateMonthlyReport(String month) {
        // simulates a slow aggregation query
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(350, 900));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "report for " + month;
    }
}
