package dev.mainline.slack;

import static java.util.Objects.requireNonNull;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.socket_mode.SocketModeClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The Slack app on Bolt for Java. Over HTTP, every request (slash commands, interactivity, the Events API, on one URL)
 * is verified first — the signing secret's signature, the five-minute window both ways, no replays — then handed to
 * Bolt, which acknowledges it at once; the work ({@link ChatOps}) runs after, on a worker, and its answer goes back
 * through the response URL or the Web API at Slack's pace ({@link SlackPoster}). An event Slack delivers again (its
 * {@code event_id} seen before; Slack signs each retry anew) is acknowledged and not done twice. In Socket Mode the
 * same Bolt app takes the same payloads over Slack's WebSocket, authenticated by the app-level token instead.
 */
public final class SlackApp implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SlackApp.class.getName());
    private static final Duration EVENT_MEMORY = Duration.ofHours(1);
    private static final int MAX_EVENTS_REMEMBERED = 100_000;
    /** The most requests that may wait for a worker; more are answered "busy" at once. */
    private static final int MAX_WAITING_WORK = 2_000;

    /** How the app reaches Slack and is reached: tokens, the signing secret, the API's URL, the command. */
    public record Settings(String botToken, Optional<String> signingSecret, Optional<String> appToken, String apiUrl,
            String command, Duration perChannel, int workers) {
        public Settings {
            requireNonNull(botToken, "botToken is null");
            requireNonNull(signingSecret, "signingSecret is null");
            requireNonNull(appToken, "appToken is null");
            requireNonNull(apiUrl, "apiUrl is null");
            requireNonNull(command, "command is null");
            requireNonNull(perChannel, "perChannel is null");
        }

        @Override
        public String toString() {
            return "Settings[botToken=***, signingSecret=%s, appToken=%s, apiUrl=%s, command=%s]".formatted(
                    signingSecret.isPresent() ? "***" : "none", appToken.isPresent() ? "***" : "none", apiUrl,
                    command);
        }
    }

    /** What Mainline answers Slack's HTTP request. */
    public record Answer(int status, String contentType, String body, Map<String, List<String>> headers) {
    }

    private final Settings settings;
    private final ChatOps chatOps;
    private final Clock clock;
    private final Optional<SlackRequestVerifier> verifier;
    private final Slack slack;
    private final App app;
    private final SlackRequestParser parser;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final SlackPoster poster;
    private final LinkedHashMap<String, Instant> events = new LinkedHashMap<>();
    private final java.util.Set<String> homesBeingMade = ConcurrentHashMap.newKeySet();
    private volatile SocketModeApp socketMode;

    public SlackApp(Settings settings, ChatOps chatOps, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.chatOps = requireNonNull(chatOps, "chatOps is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.verifier = settings.signingSecret().map(secret -> new SlackRequestVerifier(secret, clock));
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setPrettyResponseLoggingEnabled(false);
        this.slack = Slack.getInstance(config);
        this.app = new App(AppConfig.builder().slack(slack).singleTeamBotToken(settings.botToken())
                // Verified before Bolt sees the request (constant time, both sides of the window, replays).
                .signingSecret(settings.signingSecret().orElse("socket-mode")).requestVerificationEnabled(false)
                .sslCheckEnabled(true)
                // auth.test once, kept: an acknowledgement never waits on Slack's Web API after the first.
                .authTestCacheEnabled(true).authTestCacheExpirationMillis(-1).build());
        this.parser = new SlackRequestParser(app.config());
        this.workers = new java.util.concurrent.ThreadPoolExecutor(settings.workers(), settings.workers(), 0,
                TimeUnit.MILLISECONDS, new java.util.concurrent.ArrayBlockingQueue<>(MAX_WAITING_WORK),
                Thread.ofPlatform().daemon().name("slack-work-", 0).factory());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("slack-post")
                .factory());
        this.poster = new SlackPoster(slack, settings.botToken(), settings.perChannel(), clock, scheduler);
        handlers();
    }

    public SlackPoster poster() {
        return poster;
    }

    private void handlers() {
        app.command(settings.command(), (request, context) -> {
            var payload = request.getPayload();
            String user = payload.getUserId();
            String text = payload.getText() == null ? "" : payload.getText();
            String responseUrl = payload.getResponseUrl();
            later(responseUrl, () -> poster.respond(responseUrl, chatOps.command(user, text), false));
            return context.ack();
        });
        app.blockAction(Pattern.compile("release\\..+"), (request, context) -> {
            var payload = request.getPayload();
            String user = payload.getUser().getId();
            String responseUrl = payload.getResponseUrl();
            payload.getActions().forEach(action -> later(responseUrl, () -> poster.respond(responseUrl, chatOps.click(
                    user, action.getActionId(), String.valueOf(action.getValue())), true)));
            return context.ack();
        });
        app.event(AppHomeOpenedEvent.class, (payload, context) -> {
            AppHomeOpenedEvent event = payload.getEvent();
            // Slack delivers an event again when it heard no answer in time, over HTTP or Socket Mode: once is enough.
            if ("home".equals(event.getTab()) && firstTime(String.valueOf(payload.getEventId()))) {
                String user = event.getUser();
                // Opening the Home tab again while its view is still being made asks for nothing new.
                if (homesBeingMade.add(user)) {
                    later(null, () -> {
                        homesBeingMade.remove(user);
                        poster.publishHome(user, chatOps.home(user));
                    });
                }
            }
            return context.ack();
        });
    }

    /**
     * Runs {@code work} after the acknowledgement. When it fails unexpectedly, the asker is told so through
     * {@code responseUrl} (when there is one), and the failure is logged.
     */
    private void later(String responseUrl, Runnable work) {
        try {
            run(responseUrl, work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warning("Slack work refused: " + MAX_WAITING_WORK + " requests are waiting already");
            if (responseUrl != null) {
                poster.respond(responseUrl, ChatOps.Reply.busy(), false);
            }
        }
    }

    private void run(String responseUrl, Runnable work) {
        workers.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Slack work failed", e);
                if (responseUrl != null) {
                    poster.respond(responseUrl, ChatOps.Reply.failed(), false);
                }
            }
        });
    }

    /** Handles one HTTP request from Slack: verified, de-duplicated, acknowledged. */
    public Answer handle(String path, Map<String, List<String>> headers, byte[] body, String remoteAddress) {
        Map<String, List<String>> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        named.putAll(headers);
        if (verifier.isEmpty()) {
            return refused(404, "Slack's HTTP requests are not taken: this Mainline runs its Slack app in Socket Mode");
        }
        try {
            verifier.get().verify(first(named, "X-Slack-Request-Timestamp"), first(named, "X-Slack-Signature"), body);
        } catch (SlackRequestVerifier.Refused e) {
            LOG.warning(() -> "refused a request claiming to be Slack's from %s: %s".formatted(remoteAddress,
                    e.getMessage()));
            return refused(401, e.getMessage());
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder().requestUri(path)
                    .queryString(Map.of()).headers(new RequestHeaders(named)).requestBody(text)
                    .remoteAddress(remoteAddress).build());
            if (request == null) {
                return refused(400, "not a request Slack sends (no command, payload or event in it)");
            }
            Response response = app.run(request);
            return new Answer(response.getStatusCode(), String.valueOf(response.getContentType()),
                    response.getBody() == null ? "" : response.getBody(), response.getHeaders() == null
                            ? Map.of()
                            : response.getHeaders());
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Slack request could not be handled", e);
            return refused(400, "the request could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static Answer refused(int status, String message) {
        String body = "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return new Answer(status, "application/json", body, Map.of());
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** Whether {@code eventId} is new; remembered for an hour (Slack retries within minutes). */
    private boolean firstTime(String eventId) {
        Instant now = clock.instant();
        synchronized (events) {
            Iterator<Map.Entry<String, Instant>> oldest = events.entrySet().iterator();
            while (oldest.hasNext()) {
                Map.Entry<String, Instant> entry = oldest.next();
                if (entry.getValue().isBefore(now.minus(EVENT_MEMORY)) || events.size() > MAX_EVENTS_REMEMBERED) {
                    oldest.remove();
                } else {
                    break;
                }
            }
            return events.putIfAbsent(eventId, now) == null;
        }
    }

    /** Connects to Slack over Socket Mode with the app-level token ({@code xapp-…}). */
    public void startSocketMode() {
        String token = settings.appToken().orElseThrow(() -> new IllegalStateException(
                "Socket Mode needs an app-level token (xapp-…)"));
        try {
            socketMode = new SocketModeApp(token, app, SocketModeClient.Backend.JavaWebSocket);
            socketMode.startAsync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to Slack in Socket Mode", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to Slack in Socket Mode: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (socketMode != null) {
            try {
                socketMode.stop();
            } catch (Exception e) {
                LOG.log(Level.FINE, "Socket Mode did not stop cleanly", e);
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        poster.close();
        try {
            slack.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "the Slack client did not close cleanly", e);
        }
    }
}
