package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import dev.mainline.catalog.SourceRepository;
import dev.mainline.common.RepositoryName;
import dev.mainline.github.GitHubApi.GitHubApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Fetches the logs of a completed GitHub Actions workflow run, job by job, the moment the run completes (GitHub keeps
 * them 90 days at most, 30 on many plans), and hands each to a sink (the log archive). Jobs are listed with
 * {@code GET /repos/{repo}/actions/runs/{id}/attempts/{attempt}/jobs}; a job's log is
 * {@code GET /repos/{repo}/actions/jobs/{id}/logs}, which answers with a redirect to a short-lived address that is
 * fetched without our credentials.
 */
public final class GitHubActionsLogs implements WorkflowRuns {
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    private final GitHubApi api;
    private final JobLogSink sink;
    private final HttpClient downloads = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * One job of a run, and where it ran; {@code ownBranch} when the run ran the repository's own branch (not a fork's
     * pull request, whose branch name its author chooses).
     */
    public record JobLog(RepositoryName repository, long runId, int attempt, String workflow, long jobId,
            String job, String commit, Optional<String> branch, Optional<Integer> pullRequest, String conclusion,
            Optional<Instant> startedAt, Optional<Instant> completedAt, boolean ownBranch) {
        public JobLog {
            requireNonNull(repository, "repository is null");
            requireNonNull(workflow, "workflow is null");
            requireNonNull(job, "job is null");
            requireNonNull(commit, "commit is null");
            requireNonNull(branch, "branch is null");
            requireNonNull(pullRequest, "pullRequest is null");
            requireNonNull(conclusion, "conclusion is null");
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(completedAt, "completedAt is null");
        }
    }

    /** Where fetched logs go. */
    @FunctionalInterface
    public interface JobLogSink {
        /** Keeps the log {@code text} of {@code job}; true when it was new, false when it was kept before. */
        boolean keep(JobLog job, InputStream text) throws IOException;
    }

    public GitHubActionsLogs(GitHubApi api, JobLogSink sink) {
        this.api = requireNonNull(api, "api is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    @Override
    public String completed(SourceRepository repository, GitHubEvent.WorkflowRunCompleted run) {
        String name = repository.name().value();
        int kept = 0;
        int before = 0;
        List<String> missing = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (JsonNode job : jobs(name, run)) {
            JobLog log = jobLog(repository.name(), run, job);
            Optional<InputStream> text = download(name, log.jobId());
            if (text.isEmpty()) {
                missing.add(log.job());
                continue;
            }
            try (InputStream in = text.get()) {
                if (sink.keep(log, in)) {
                    kept++;
                } else {
                    before++;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // The download broke or the archive could not write: the whole run is fetched again later (what
                // was kept is recognised then).
                throw new GitHubApiException(0, "the log of job %d could not be kept now: %s".formatted(log.jobId(),
                        e.getMessage()), e);
            } catch (dev.mainline.common.MainlineException e) {
                // The archive refuses this log for good (binary, empty, too large): the other jobs go on.
                refused.add(log.job() + " (" + e.getMessage() + ")");
            }
        }
        return "run %d attempt %d: %d job logs kept, %d kept before%s%s".formatted(run.runId(), run.attempt(), kept,
                before, missing.isEmpty() ? "" : ", none for " + String.join(", ", missing),
                refused.isEmpty() ? "" : ", refused " + String.join(", ", refused));
    }

    private List<JsonNode> jobs(String repository, GitHubEvent.WorkflowRunCompleted run) {
        List<JsonNode> jobs = new ArrayList<>();
        for (int page = 1; page <= 10; page++) {
            GitHubApi.Response response = api.get(repository,
                    "/repos/%s/actions/runs/%d/attempts/%d/jobs?per_page=100&page=%d"
                            .formatted(repository, run.runId(), run.attempt(), page));
            if (!response.ok()) {
                throw new GitHubApiException(response.status(), "cannot list the jobs of run %d: %s"
                        .formatted(run.runId(), response.message()));
            }
            JsonNode found = response.body().path("jobs");
            found.forEach(jobs::add);
            if (found.size() < 100 || jobs.size() >= response.body().path("total_count").asInt(0)) {
                break;
            }
        }
        return jobs;
    }

    private static JobLog jobLog(RepositoryName repository, GitHubEvent.WorkflowRunCompleted run, JsonNode job) {
        String commit = job.path("head_sha").asString(run.commit());
        String branch = job.path("head_branch").asString("");
        return new JobLog(repository, run.runId(), run.attempt(), run.workflow(), job.path("id").asLong(),
                job.path("name").asString("job " + job.path("id").asLong()), commit,
                branch.isEmpty() ? run.branch() : Optional.of(branch),
                run.pullRequests().stream().findFirst(), job.path("conclusion").asString(run.conclusion()),
                time(job.path("started_at")), time(job.path("completed_at")),
                run.details().onOwnBranch(repository.value()));
    }

    private static Optional<Instant> time(JsonNode value) {
        try {
            return value.isString() ? Optional.of(Instant.parse(value.asString())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The job's log, following GitHub's redirect without our credentials; empty when GitHub has none (any more). */
    private Optional<InputStream> download(String repository, long jobId) {
        GitHubApi.Response answer = api.get(repository, "/repos/%s/actions/jobs/%d/logs".formatted(repository, jobId));
        if (answer.status() == 404 || answer.status() == 410) {
            return Optional.empty();
        }
        Optional<String> location = answer.headers().firstValue("location");
        if (answer.status() / 100 != 3 || location.isEmpty()) {
            throw new GitHubApiException(answer.status(), "cannot fetch the log of job %d: %s".formatted(jobId,
                    answer.message()));
        }
        try {
            HttpResponse<InputStream> text = downloads.send(HttpRequest.newBuilder(URI.create(location.get()))
                    .timeout(DOWNLOAD_TIMEOUT).header("User-Agent", "mainline-log-archive").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (text.statusCode() != 200) {
                text.body().close();
                throw new GitHubApiException(text.statusCode(), "the log of job %d could not be downloaded: HTTP %d"
                        .formatted(jobId, text.statusCode()));
            }
            return Optional.of(text.body());
        } catch (IOException e) {
            throw new GitHubApiException(0, "the log of job %d could not be downloaded: %s".formatted(jobId,
                    e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, "interrupted while downloading the log of job " + jobId, e);
        }
    }
}
