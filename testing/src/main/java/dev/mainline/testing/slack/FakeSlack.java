package dev.mainline.testing.slack;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack, as far as an app sees it, over loopback HTTP. Its Web API ({@code /api/<method>}: {@code auth.test},
 * {@code chat.postMessage}, {@code chat.postEphemeral}, {@code chat.update}, {@code views.publish},
 * {@code conversations.open}) checks the bot token, answers in Slack's {@code {"ok": …}} shapes, refuses Block Kit
 * past Slack's documented limits with {@code invalid_blocks}, and can be told to answer {@code 429} with
 * {@code Retry-After}. Response URLs ({@code /response/<id>}) take what an app sends back to a command or a click. And
 * it sends an app what Slack would: slash commands, interactions and events, signed with the signing secret, or over
 * Socket Mode's WebSocket ({@code apps.connections.open} with the app-level token, then envelopes to acknowledge).
 */
public final class FakeSlack implements AutoCloseable {
    public static final String BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
    public static final String SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    public static final String APP_TOKEN = "xapp-1-A0MAINLINE-1234567890-0123456789abcdef0123456789abcdef";
    public static final String TEAM = "T0001";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Something the app sent: through which method or response URL, where, and what. */
    public record Posted(String via, String channel, Optional<String> user, String text, JsonNode blocks,
            JsonNode body, Instant at) {
        /** The text of every block and element, for looking through a message. */
        public String allText() {
            return text + "\n" + blocks.toString();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newHttpClient();
    private final Clock clock;
    private final List<Posted> posted = new ArrayList<>();
    private final Map<String, AtomicInteger> rateLimited = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> calls = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1_000);
    private volatile int retryAfterSeconds = 1;
    private final Sockets sockets = new Sockets();
    private final Map<String, JsonNode> acks = new ConcurrentHashMap<>();

    public FakeSlack() {
        this(Clock.systemUTC());
    }

    public FakeSlack(Clock clock) {
        this(clock, 0);
    }

    /** A fake on {@code port} of loopback (0: any free one), for a server started before it to be pointed at. */
    public FakeSlack(Clock clock, int port) {
        this.clock = requireNonNull(clock, "clock is null");
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
        sockets.start();
    }

    /**
     * Socket Mode's far end: a WebSocket server an app reaches through {@code apps.connections.open}; it says hello,
     * sends envelopes, and keeps the acknowledgements that come back.
     */
    private final class Sockets extends org.java_websocket.server.WebSocketServer {
        private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);

        Sockets() {
            super(new InetSocketAddress("127.0.0.1", 0));
            setReuseAddr(true);
        }

        @Override
        public void start() {
            super.start();
            try {
                started.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(org.java_websocket.WebSocket socket,
                org.java_websocket.handshake.ClientHandshake handshake) {
            ObjectNode hello = JSON.createObjectNode().put("type", "hello").put("num_connections", 1);
            hello.putObject("connection_info").put("app_id", "A0MAINLINE");
            hello.putObject("debug_info").put("host", "applink-fake").put("approximate_connection_time", 18060);
            socket.send(JSON.writeValueAsString(hello));
        }

        @Override
        public void onMessage(org.java_websocket.WebSocket socket, String message) {
            JsonNode ack = JSON.readTree(message);
            if (ack.has("envelope_id")) {
                acks.put(ack.path("envelope_id").asString(), ack);
            }
        }

        @Override
        public void onClose(org.java_websocket.WebSocket socket, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(org.java_websocket.WebSocket socket, Exception e) {
        }

        int port() {
            return getPort();
        }
    }

    /** How many apps are connected over Socket Mode now. */
    public int socketConnections() {
        return sockets.getConnections().size();
    }

    /** Sends a slash command over Socket Mode to every connected app; returns the envelope's id. */
    public String socketCommand(String text, String user, String channel, String responseUrl) {
        ObjectNode payload = JSON.createObjectNode();
        command("/mainline", text, user, channel, responseUrl).forEach(payload::put);
        String id = UUID.randomUUID().toString();
        ObjectNode envelope = JSON.createObjectNode().put("envelope_id", id).put("type", "slash_commands")
                .put("accepts_response_payload", true);
        envelope.set("payload", payload);
        sockets.broadcast(JSON.writeValueAsString(envelope));
        return id;
    }

    /** The acknowledgement an app sent for envelope {@code id}, when it did. */
    public Optional<JsonNode> acknowledged(String id) {
        return Optional.ofNullable(acks.get(id));
    }

    /** The Web API's root, as the Slack SDK's {@code methodsEndpointUrlPrefix} takes it. */
    public String apiUrl() {
        return "http://127.0.0.1:%d/api/".formatted(server.getAddress().getPort());
    }

    /** A response URL Slack would give with a command or a click. */
    public String responseUrl() {
        return "http://127.0.0.1:%d/response/%d".formatted(server.getAddress().getPort(), ids.incrementAndGet());
    }

    /** The next {@code times} calls of {@code method} are answered 429 with {@code Retry-After: seconds}. */
    public void rateLimit(String method, int times, int seconds) {
        retryAfterSeconds = seconds;
        rateLimited.computeIfAbsent(method, key -> new AtomicInteger()).set(times);
    }

    /** When each call of {@code method} (a Web API method, or {@code response}) arrived, answered or not. */
    public List<Instant> calls(String method) {
        return List.copyOf(calls.getOrDefault(method, List.of()));
    }

    public synchronized List<Posted> posted() {
        return List.copyOf(posted);
    }

    public synchronized List<Posted> posted(Predicate<Posted> which) {
        return posted.stream().filter(which).toList();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (path.startsWith("/response/")) {
                calls.computeIfAbsent("response", key -> new java.util.concurrent.CopyOnWriteArrayList<>())
                        .add(clock.instant());
                JsonNode body = JSON.readTree(raw);
                Optional<String> invalid = BlockKit.invalid(body.path("blocks"), BlockKit.MESSAGE_BLOCKS);
                if (invalid.isPresent()) {
                    send(exchange, 400, "text/html", ("invalid_blocks: " + invalid.get())
                            .getBytes(StandardCharsets.UTF_8), Map.of());
                    return;
                }
                record("response", path, Optional.empty(), body);
                send(exchange, 200, "text/html", "ok".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            if (!path.startsWith("/api/")) {
                send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8), Map.of());
                return;
            }
            String method = path.substring("/api/".length());
            calls.computeIfAbsent(method, key -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(clock.instant());
            AtomicInteger limited = rateLimited.get(method);
            if (limited != null && limited.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                send(exchange, 429, "application/json", "{\"ok\":false,\"error\":\"ratelimited\"}"
                        .getBytes(StandardCharsets.UTF_8), Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
                return;
            }
            ObjectNode params = contentType.startsWith("application/json")
                    ? (ObjectNode) JSON.readTree(raw)
                    : form(new String(raw, StandardCharsets.UTF_8));
            String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            String token = authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length())
                    : params.path("token").asString("");
            ObjectNode answer;
            if (method.equals("apps.connections.open")) {
                answer = token.equals(APP_TOKEN)
                        ? ok().put("url", "ws://127.0.0.1:%d/link/?ticket=%s".formatted(sockets.port(),
                                UUID.randomUUID()))
                        : error(token.startsWith("xapp-") ? "invalid_auth" : "not_allowed_token_type");
            } else {
                answer = token.equals(BOT_TOKEN) ? call(method, params) : error("invalid_auth");
            }
            send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsBytes(answer), Map.of());
        }
    }

    private ObjectNode call(String method, ObjectNode params) {
        switch (method) {
            case "auth.test" -> {
                return ok().put("url", "https://acme.slack.com/").put("team", "Acme").put("user", "mainline")
                        .put("team_id", TEAM).put("user_id", "U0MAINLINE").put("bot_id", "B0MAINLINE");
            }
            case "chat.postMessage", "chat.postEphemeral", "chat.update" -> {
                if (params.path("channel").asString("").isEmpty()) {
                    return error("channel_not_found");
                }
                JsonNode blocks = blocks(params);
                Optional<String> invalid = BlockKit.invalid(blocks, BlockKit.MESSAGE_BLOCKS);
                if (invalid.isPresent()) {
                    return error("invalid_blocks").put("detail", invalid.get());
                }
                if (params.path("text").asString("").isEmpty() && blocks.isEmpty()) {
                    return error("no_text");
                }
                if (method.equals("chat.postEphemeral") && params.path("user").asString("").isEmpty()) {
                    return error("user_not_in_channel");
                }
                String ts = "%d.%06d".formatted(clock.instant().getEpochSecond(), ids.incrementAndGet() % 1_000_000);
                record(method, params.path("channel").asString(), Optional.ofNullable(params.path("user")
                        .asString(null)), params);
                ObjectNode answer = ok().put("channel", params.path("channel").asString());
                return method.equals("chat.postEphemeral") ? answer.put("message_ts", ts) : answer.put("ts", ts);
            }
            case "views.publish" -> {
                JsonNode view = params.path("view").isString()
                        ? JSON.readTree(params.path("view").asString())
                        : params.path("view");
                Optional<String> invalid = BlockKit.invalid(view.path("blocks"), BlockKit.VIEW_BLOCKS);
                if (invalid.isPresent()) {
                    return error("invalid_blocks").put("detail", invalid.get());
                }
                ObjectNode recorded = params.deepCopy();
                recorded.set("blocks", view.path("blocks"));
                record(method, "home", Optional.of(params.path("user_id").asString()), recorded);
                ObjectNode answer = ok();
                answer.putObject("view").put("id", "V" + ids.incrementAndGet()).put("type", "home");
                return answer;
            }
            case "conversations.open" -> {
                String users = params.path("users").asString("");
                if (!users.matches("[UW][A-Z0-9]{2,20}")) {
                    return error("user_not_found");
                }
                ObjectNode answer = ok();
                answer.putObject("channel").put("id", "D" + users.substring(1));
                return answer;
            }
            default -> {
                return error("unknown_method");
            }
        }
    }

    private static JsonNode blocks(ObjectNode params) {
        JsonNode blocks = params.path("blocks");
        if (blocks.isString()) {
            return JSON.readTree(blocks.asString());
        }
        return blocks.isArray() ? blocks : JSON.createArrayNode();
    }

    private synchronized void record(String via, String channel, Optional<String> user, JsonNode body) {
        JsonNode blocks = body instanceof ObjectNode object ? blocks(object) : JSON.createArrayNode();
        posted.add(new Posted(via, channel, user, body.path("text").asString(""), blocks, body, clock.instant()));
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode error(String error) {
        return JSON.createObjectNode().put("ok", false).put("error", error);
    }

    private static ObjectNode form(String body) {
        ObjectNode params = JSON.createObjectNode();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, Map<String, String> headers)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    // What Slack sends an app

    /** What the app answered Slack: its status, body and headers. */
    public record Answer(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** A slash command's form fields, as Slack posts them. */
    public static Map<String, String> command(String command, String text, String user, String channel,
            String responseUrl) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", "gIkuvaNzQIHg97ATvDxqgjtO");
        fields.put("team_id", TEAM);
        fields.put("team_domain", "acme");
        fields.put("channel_id", channel);
        fields.put("channel_name", "releases");
        fields.put("user_id", user);
        fields.put("user_name", user.toLowerCase(java.util.Locale.ROOT));
        fields.put("command", command);
        fields.put("text", text);
        fields.put("api_app_id", "A0MAINLINE");
        fields.put("is_enterprise_install", "false");
        fields.put("response_url", responseUrl);
        fields.put("trigger_id", "13345224609.738474920.8088930838d88f008e0");
        return fields;
    }

    /** A click on a button of a message, as Slack's {@code block_actions} payload. */
    public static String buttonClick(String user, String channel, String actionId, String value,
            String responseUrl) {
        ObjectNode payload = JSON.createObjectNode().put("type", "block_actions").put("trigger_id", "1234.5678.abcd")
                .put("api_app_id", "A0MAINLINE").put("response_url", responseUrl);
        payload.putObject("team").put("id", TEAM).put("domain", "acme");
        payload.putObject("user").put("id", user).put("username", user.toLowerCase(java.util.Locale.ROOT))
                .put("team_id", TEAM);
        payload.putObject("channel").put("id", channel).put("name", "releases");
        payload.putObject("container").put("type", "message").put("message_ts", "1700000000.000100")
                .put("channel_id", channel).put("is_ephemeral", false);
        ArrayNode actions = payload.putArray("actions");
        actions.addObject().put("type", "button").put("action_id", actionId).put("block_id", "actions")
                .put("value", value).put("action_ts", "1700000001.000200").putObject("text")
                .put("type", "plain_text").put("text", actionId);
        return JSON.writeValueAsString(payload);
    }

    /** An Events API callback around {@code event}. */
    public static String eventCallback(String eventId, ObjectNode event) {
        ObjectNode body = JSON.createObjectNode().put("token", "gIkuvaNzQIHg97ATvDxqgjtO").put("team_id", TEAM)
                .put("api_app_id", "A0MAINLINE").put("type", "event_callback").put("event_id", eventId)
                .put("event_time", Instant.now().getEpochSecond());
        body.set("event", event);
        return JSON.writeValueAsString(body);
    }

    /** An {@code app_home_opened} event of {@code user}'s Home tab. */
    public static ObjectNode appHomeOpened(String user) {
        return JSON.createObjectNode().put("type", "app_home_opened").put("user", user).put("channel", "D0HOME")
                .put("tab", "home").put("event_ts", "1700000000.000300");
    }

    /** Form-encodes {@code fields} as Slack does. */
    public static String formBody(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((key, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** The {@code X-Slack-Signature} for {@code body} at {@code timestamp}, keyed with the signing secret. */
    public static String signature(String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code body} to the app at {@code target}, signed now. */
    public Answer deliver(URI target, String contentType, String body) {
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        return deliver(target, contentType, body, timestamp, signature(timestamp, body), Map.of());
    }

    /** Posts {@code body} with the given timestamp, signature and other headers (a retry's, a forger's). */
    public Answer deliver(URI target, String contentType, String body, String timestamp, String signature,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Content-Type", contentType)
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) {
            request.header("X-Slack-Request-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Slack-Signature", signature);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a slash command to the app at {@code target}, signed. */
    public Answer command(URI target, String text, String user, String channel, String responseUrl) {
        return deliver(target, "application/x-www-form-urlencoded",
                formBody(command("/mainline", text, user, channel, responseUrl)));
    }

    /** Sends a button click to the app at {@code target}, signed. */
    public Answer click(URI target, String user, String channel, String actionId, String value, String responseUrl) {
        return deliver(target, "application/x-www-form-urlencoded", formBody(Map.of("payload", buttonClick(user,
                channel, actionId, value, responseUrl))));
    }

    @Override
    public void close() {
        try {
            sockets.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
