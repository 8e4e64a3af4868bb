package dev.mainline.github;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * GitHub's REST API, spoken the way GitHub asks integrators to: one request at a time, mutating requests spaced
 * apart, the primary rate limit waited out when it runs dry, {@code Retry-After} honoured, and a secondary rate limit
 * answered by waiting at least a minute, longer each time it repeats. A wait longer than {@link #MAX_WAIT} is not
 * made: the call fails with {@link RateLimitedException} and the caller retries on its own schedule.
 */
public final class GitHubApi {
    public static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = Logger.getLogger(GitHubApi.class.getName());
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** How requests for a repository are authorised: a token, or a GitHub App's installation token. */
    @FunctionalInterface
    public interface Credentials {
        /** The {@code Authorization} header value for calls about {@code repository} ({@code owner/name}). */
        String authorization(String repository);
    }

    /** Waits; tests pass one that records the waits instead of making them. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A response: its status, its JSON body (missing when it had none) and its headers. */
    public record Response(int status, JsonNode body, HttpHeaders headers) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** GitHub's {@code message} for an error response, or the status when it gave none. */
        public String message() {
            String message = body.path("message").asString("");
            return message.isEmpty() ? "HTTP " + status : message;
        }
    }

    private final URI base;
    private final Credentials credentials;
    private final Duration mutationSpacing;
    private final Sleeper sleeper;
    private final Clock clock;
    private final HttpClient http;
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private Instant lastMutation = Instant.EPOCH;
    private OptionalLong remaining = OptionalLong.empty();
    private Instant resetAt = Instant.EPOCH;

    /**
     * @param base the API's root, {@code https://api.github.com} or a GitHub Enterprise Server's {@code /api/v3}
     * @param mutationSpacing the least time between two mutating requests (GitHub asks for one second)
     */
    public GitHubApi(URI base, Credentials credentials, Duration mutationSpacing, Sleeper sleeper, Clock clock) {
        this.base = URI.create(requireNonNull(base, "base is null").toString().replaceAll("/+$", ""));
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.mutationSpacing = requireNonNull(mutationSpacing, "mutationSpacing is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.clock = requireNonNull(clock, "clock is null");
        // Redirects are not followed: the Authorization header must go to the configured API and nowhere else.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Real waits, on the system clock. */
    public static GitHubApi create(URI base, Credentials credentials, Duration mutationSpacing) {
        return new GitHubApi(base, credentials, mutationSpacing, duration -> Thread.sleep(duration),
                Clock.systemUTC());
    }

    /**
     * GitHub's answer to a step Mainline asked of it, as Mainline's error: a refusal for good (a 4xx but a rate limit:
     * no such workflow, branch or permission) or unavailable for now (a rate limit, a 5xx, no answer).
     */
    public static dev.mainline.common.MainlineException forgeError(int status, String message) {
        boolean refused = status >= 400 && status < 500 && status != 429;
        return new dev.mainline.common.MainlineException(refused
                ? dev.mainline.common.ErrorCode.FORGE_REFUSED
                : dev.mainline.common.ErrorCode.FORGE_UNAVAILABLE, message);
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public Response get(String repository, String path) {
        return send(repository, "GET", path, null);
    }

    /**
     * Sends a request about {@code repository} to {@code path} (starting with {@code /}), with a JSON body or none.
     * Rate limits are waited out and retried; other answers, errors included, are returned for the caller to read.
     */
    public Response send(String repository, String method, String path, JsonNode body) {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        boolean mutation = !method.equals("GET");
        oneAtATime.lock();
        try {
            int secondaryLimits = 0;
            for (int attempt = 1;; attempt++) {
                waitForPrimaryReset();
                if (mutation) {
                    spaceMutation();
                }
                Response response = exchange(repository, method, path, body);
                if (mutation) {
                    lastMutation = clock.instant();
                }
                remember(response.headers());
                Optional<Duration> wait = rateLimitWait(response, secondaryLimits);
                if (wait.isPresent()) {
                    if (isSecondaryLimit(response)) {
                        secondaryLimits++;
                    }
                    if (attempt >= MAX_ATTEMPTS || wait.get().compareTo(MAX_WAIT) > 0) {
                        throw new RateLimitedException("GitHub's rate limit stopped %s %s: %s (wait %s)"
                                .formatted(method, path, response.message(), wait.get()), wait.get());
                    }
                    LOG.warning(() -> "GitHub's rate limit: waiting %s before retrying %s %s".formatted(wait.get(),
                            method, path));
                    pause(wait.get());
                    remaining = OptionalLong.empty();
                    continue;
                }
                if (response.status() >= 500 && !mutation && attempt < MAX_ATTEMPTS) {
                    pause(Duration.ofSeconds(1L << (attempt - 1)));
                    continue;
                }
                return response;
            }
        } finally {
            oneAtATime.unlock();
        }
    }

    private Response exchange(String repository, String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("User-Agent", "mainline-merge-queue")
                .header("Authorization", credentials.authorization(repository));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), parse(response.body()), response.headers());
        } catch (IOException e) {
            throw new GitHubApiException(0, "%s %s did not reach GitHub: %s".formatted(method, path, e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, "interrupted during %s %s".formatted(method, path), e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    private void remember(HttpHeaders headers) {
        headers.firstValue("x-ratelimit-remaining").flatMap(GitHubApi::number)
                .ifPresent(value -> remaining = OptionalLong.of(value));
        headers.firstValue("x-ratelimit-reset").flatMap(GitHubApi::number)
                .ifPresent(value -> resetAt = Instant.ofEpochSecond(value));
    }

    /** How long to wait before retrying, when the response is a rate limit. */
    private Optional<Duration> rateLimitWait(Response response, int secondaryLimitsSoFar) {
        if (response.status() != 403 && response.status() != 429) {
            return Optional.empty();
        }
        Optional<Long> retryAfter = response.headers().firstValue("retry-after").flatMap(GitHubApi::number);
        if (retryAfter.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(1, retryAfter.get())));
        }
        if (remaining.isPresent() && remaining.getAsLong() == 0) {
            return Optional.of(untilReset());
        }
        if (isSecondaryLimit(response) || response.status() == 429) {
            return Optional.of(SECONDARY_LIMIT_WAIT.multipliedBy(1L << Math.min(secondaryLimitsSoFar, 4)));
        }
        return Optional.empty();
    }

    private static boolean isSecondaryLimit(Response response) {
        return response.message().toLowerCase(Locale.ROOT).contains("rate limit");
    }

    private void waitForPrimaryReset() {
        if (remaining.isPresent() && remaining.getAsLong() == 0 && clock.instant().isBefore(resetAt)) {
            Duration wait = untilReset();
            if (wait.compareTo(MAX_WAIT) > 0) {
                throw new RateLimitedException("GitHub's rate limit is used up until " + resetAt, wait);
            }
            pause(wait);
            remaining = OptionalLong.empty();
        }
    }

    private Duration untilReset() {
        Duration wait = Duration.between(clock.instant(), resetAt).plusSeconds(1);
        return wait.isNegative() ? Duration.ofSeconds(1) : wait;
    }

    private void spaceMutation() {
        Duration since = Duration.between(lastMutation, clock.instant());
        if (since.compareTo(mutationSpacing) < 0) {
            pause(mutationSpacing.minus(since));
        }
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(0, "interrupted while waiting for GitHub's rate limit", e);
        }
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A GitHub answer the caller did not expect; {@code status} is 0 when GitHub was not reached. */
    public static class GitHubApiException extends RuntimeException {
        private final int status;

        public GitHubApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public GitHubApiException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** GitHub's rate limit asks for a wait longer than this client makes; {@code wait} is how long. */
    public static final class RateLimitedException extends GitHubApiException {
        private final Duration wait;

        public RateLimitedException(String message, Duration wait) {
            super(429, message);
            this.wait = wait;
        }

        public Duration waitFor() {
            return wait;
        }
    }
}
