package dev.mainline.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** Where a CI job ran: the options every upload from CI shares (test reports, logs). */
final class CiJobOptions {
    @Option(names = "--repo", required = true, description = "The repository, owner/name.")
    String repository;

    @Option(names = "--commit", description = "The commit built.")
    String commit;

    @Option(names = "--branch", description = "Its branch.")
    String branch;

    @Option(names = "--pr", description = "Its pull request's number.")
    Integer pullRequest;

    @Option(names = "--job", required = true, description = "The CI job's name.")
    String job;

    @Option(names = "--attempt", defaultValue = "1", description = "The job's attempt (default 1).")
    int attempt;

    /** The query parameters they are sent as, then {@code more} (keys and values); absent ones are left out. */
    Map<String, String> query(String... more) {
        String[] all = new String[12 + more.length];
        String[] own = {"repository", repository, "commit", commit, "branch", branch, "pullRequest",
                pullRequest == null ? null : pullRequest.toString(), "job", job, "attempt", String.valueOf(attempt)};
        System.arraycopy(own, 0, all, 0, own.length);
        System.arraycopy(more, 0, all, own.length, more.length);
        return AdminCommand.query(all);
    }
}
