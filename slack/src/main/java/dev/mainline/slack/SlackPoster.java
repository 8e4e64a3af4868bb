package dev.mainline.slack;

import static java.util.Objects.requireNonNull;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.WebhookResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything Mainline sends Slack, at Slack's pace: messages to a channel (or a DM) one at a time and at most one per
 * {@code perChannel} in each channel, as Slack's {@code chat.postMessage} limit asks; a {@code 429} waited out for its
 * {@code Retry-After} before that channel's next message; answers to commands and clicks through their response URLs;
 * and App Home views. A message Slack refuses for good ({@code ok: false}) is logged and dropped, never retried. The
 * calls are made on a few sender threads, so one slow call holds up only its own lane; at most 500 messages wait in a
 * lane.
 */
public final class SlackPoster {
    private static final Logger LOG = Logger.getLogger(SlackPoster.class.getName());
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration SERVER_ERROR_WAIT = Duration.ofSeconds(2);
    /** The most messages that may wait in one lane; more are dropped, and the log says so. */
    private static final int MAX_WAITING = 500;
    private static final int SENDERS = 4;

    private final Slack slack;
    private final String botToken;
    private final Duration perChannel;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Gson gson;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(
            SENDERS, Thread.ofPlatform().daemon().name("slack-send-", 0).factory());

    /** One channel's messages, sent in order. */
    private final class Lane {
        final String key;
        final ArrayDeque<Send> waiting = new ArrayDeque<>();
        boolean running;
        Instant nextAt = Instant.EPOCH;

        Lane(String key) {
            this.key = key;
        }
    }

    /** One call to Slack; returns how long to wait before trying it again, or empty when done. */
    @FunctionalInterface
    interface Send {
        Optional<Duration> attempt(int attempt) throws IOException, SlackApiException;
    }

    public SlackPoster(Slack slack, String botToken, Duration perChannel, Clock clock,
            ScheduledExecutorService scheduler) {
        this.slack = requireNonNull(slack, "slack is null");
        this.botToken = requireNonNull(botToken, "botToken is null");
        this.perChannel = requireNonNull(perChannel, "perChannel is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.gson = GsonFactory.createSnakeCase(slack.getConfig());
    }

    /** Posts {@code reply} in {@code channel} (a user id posts in their DM with the app). */
    public void post(String channel, ChatOps.Reply reply) {
        enqueue("channel:" + channel, attempt -> answer(slack.methods(botToken).chatPostMessage(request -> request
                .channel(channel).text(reply.text()).blocks(reply.blocks())), "chat.postMessage", channel));
    }

    /** Answers a command or a click through its response URL: for the channel, replacing the card, or for one. */
    public void respond(String responseUrl, ChatOps.Reply reply, boolean replaceOriginal) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("response_type", reply.inChannel() ? "in_channel" : "ephemeral");
        body.put("replace_original", replaceOriginal && reply.inChannel());
        body.put("text", reply.text());
        body.put("blocks", reply.blocks());
        String json = gson.toJson(body);
        enqueue("response:" + responseUrl, attempt -> {
            WebhookResponse response = slack.send(responseUrl, json);
            return retryAfter(response.getCode(), Optional.ofNullable(response.getHeaders())
                    .map(headers -> headers.get("retry-after")).flatMap(values -> values.stream().findFirst()),
                    "response URL", String.valueOf(response.getBody()));
        });
    }

    /** Publishes {@code user}'s App Home. */
    public void publishHome(String user, List<LayoutBlock> blocks) {
        View view = View.builder().type("home").blocks(blocks).build();
        enqueue("home:" + user, attempt -> answer(slack.methods(botToken).viewsPublish(request -> request.userId(user)
                .view(view)), "views.publish", user));
    }

    private Optional<Duration> answer(SlackApiTextResponse response, String method, String where) {
        if (!response.isOk()) {
            LOG.warning(() -> "Slack refused %s in %s: %s".formatted(method, where, response.getError()));
        }
        return Optional.empty();
    }

    private Optional<Duration> retryAfter(int status, Optional<String> retryAfter, String what, String body) {
        if (status == 429) {
            return Optional.of(seconds(retryAfter));
        }
        if (status >= 500) {
            return Optional.of(SERVER_ERROR_WAIT);
        }
        if (status >= 300) {
            LOG.warning(() -> "Slack refused a message to a %s: HTTP %d %s".formatted(what, status,
                    Message.clip(body, 200)));
        }
        return Optional.empty();
    }

    private static Duration seconds(Optional<String> header) {
        try {
            return Duration.ofSeconds(Math.clamp(Long.parseLong(header.orElse("1").trim()), 1, 600));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    private void enqueue(String key, Send send) {
        // Atomic with the lane's removal when it runs dry: one lane a channel, so its order and pacing hold.
        lanes.compute(key, (name, lane) -> {
            Lane current = lane == null ? new Lane(name) : lane;
            synchronized (current) {
                if (current.waiting.size() >= MAX_WAITING) {
                    LOG.warning(() -> "dropped a message to Slack for %s: %d are waiting already".formatted(
                            redacted(name), MAX_WAITING));
                    return current;
                }
                current.waiting.add(send);
                if (!current.running) {
                    current.running = true;
                    schedule(current, 0);
                }
            }
            return current;
        });
    }

    /** A lane's name for the log: a response URL is a credential (it posts into the channel), so it is cut. */
    private static String redacted(String key) {
        return key.startsWith("response:") ? "a response URL" : key;
    }

    /** Waits until the lane may send, then sends on a sender thread (the scheduler only keeps time). */
    private void schedule(Lane lane, int attempt) {
        long delay = Math.max(0, Duration.between(clock.instant(), lane.nextAt).toMillis());
        try {
            scheduler.schedule(() -> senders.execute(() -> drain(lane, attempt)), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.fine(() -> "Slack posting stopped; %s is not sent".formatted(redacted(lane.key)));
        }
    }

    /** Sends the lane's next message; a limited one is tried again after its wait, then the rest follow. */
    private void drain(Lane lane, int attempt) {
        Send next;
        synchronized (lane) {
            next = lane.waiting.peek();
        }
        if (next == null) {
            lanes.computeIfPresent(lane.key, (name, current) -> {
                synchronized (current) {
                    if (current.waiting.isEmpty()) {
                        current.running = false;
                        return null;
                    }
                }
                schedule(current, 0);
                return current;
            });
            return;
        }
        Optional<Duration> wait;
        try {
            wait = next.attempt(attempt);
        } catch (SlackApiException e) {
            wait = retryAfter(e.getResponse().code(), Optional.ofNullable(e.getResponse().header("Retry-After")),
                    redacted(lane.key), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot reach Slack for " + redacted(lane.key) + ": " + e);
            wait = Optional.of(SERVER_ERROR_WAIT);
        }
        synchronized (lane) {
            if (wait.isPresent() && attempt + 1 < MAX_ATTEMPTS) {
                lane.nextAt = clock.instant().plus(wait.get());
                schedule(lane, attempt + 1);
                return;
            }
            if (wait.isPresent()) {
                LOG.warning(() -> "gave up sending to Slack for %s after %d attempts".formatted(redacted(lane.key),
                        MAX_ATTEMPTS));
            }
            lane.waiting.poll();
            lane.nextAt = clock.instant().plus(lane.key.startsWith("channel:") ? perChannel : Duration.ZERO);
            schedule(lane, 0);
        }
    }

    /** Stops sending; what waits is dropped. */
    public void close() {
        senders.shutdownNow();
    }
}
