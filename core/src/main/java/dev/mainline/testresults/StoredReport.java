package dev.mainline.testresults;

/**
 * What storing one report gave: the run's id, the CI job run it belongs to, the set of tests it held, and the stable
 * id of each of its tests, in the order the report listed them.
 */
public record StoredReport(long runId, long jobId, long testSetId, long[] testIds) {
    public StoredReport {
        testIds = testIds.clone();
    }

    @Override
    public long[] testIds() {
        return testIds.clone();
    }
}
