package dev.mainline.benchmarks;

import dev.mainline.testing.slack.FakeSlack;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Slack app under load, over HTTP against a running server (started by {@code benchmarks/slack-load}, pointed at
 * this driver's fake of Slack): it bootstraps an administrator, makes an app with a release on each platform and a
 * user linked to a Slack account, then for {@code seconds} sends signed {@code /mainline release <app>} commands at a
 * fixed rate (open loop), each with its own response URL. It measures the acknowledgement (the HTTP answer to Slack's
 * request, which Slack wants within 3 s) and the release card (from sending the command until the card arrives at its
 * response URL), and prints p50/p95/p99/max of both, after ten seconds of the same commands one at a time to warm up.
 */
public final class SlackLoadBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int WARM_UP_SECONDS = 10;

    public static void main(String[] arguments) throws Exception {
        URI server = URI.create(arguments[0]);
        Path dataDir = Path.of(arguments[1]);
        int slackPort = Integer.parseInt(arguments[2]);
        int seconds = arguments.length > 3 ? Integer.parseInt(arguments[3]) : 30;
        int rate = arguments.length > 4 ? Integer.parseInt(arguments[4]) : 50;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (FakeSlack slack = new FakeSlack(Clock.systemUTC(), slackPort)) {
            String bootstrap = Files.readString(dataDir.resolve("bootstrap-token"), StandardCharsets.US_ASCII).trim();
            String token = BenchmarkHttp.send(http, server, "POST", "/api/v1/bootstrap", null, JSON.createObjectNode()
                    .put("bootstrapToken", bootstrap).put("login", "bench").put("displayName", "Bench"))
                    .path("token").path("secret").asString();
            var app = JSON.createObjectNode().put("key", "bench-wallet").put("displayName", "Wallet");
            app.putArray("platforms").add("ios").add("android");
            BenchmarkHttp.send(http, server, "POST", "/api/v1/apps", token, app);
            for (String platform : List.of("android", "ios")) {
                BenchmarkHttp.send(http, server, "POST", "/api/v1/apps/bench-wallet/releases", token,
                        JSON.createObjectNode()
                                .put("platform", platform).put("version", "5.2.0"));
            }
            BenchmarkHttp.send(http, server, "POST", "/api/v1/users", token,
                    JSON.createObjectNode().put("login", "rita")
                            .put("displayName", "Rita").put("slackUserId", "U0BENCH"));
            BenchmarkHttp.send(http, server, "POST", "/api/v1/users/rita/grants", token, JSON.createObjectNode()
                    .put("role", "release-manager").put("scope", "app:bench-wallet"));

            URI endpoint = server.resolve("/api/v1/slack/events");
            // Warm-up, not measured: the JIT, the connection pools and Bolt's first auth.test.
            long warm = System.nanoTime() + Duration.ofSeconds(WARM_UP_SECONDS).toNanos();
            while (System.nanoTime() < warm) {
                slack.command(endpoint, "release bench-wallet", "U0BENCH", "C0WARM", slack.responseUrl());
                TimeUnit.NANOSECONDS.sleep(1_000_000_000L / rate);
            }
            int warmed = slack.posted().size();
            List<Long> acks = java.util.Collections.synchronizedList(new ArrayList<>());
            Map<String, Instant> sentAt = new ConcurrentHashMap<>();
            AtomicInteger errors = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            long interval = 1_000_000_000L / rate;
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long next = System.nanoTime();
            int sent = 0;
            while (next < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                sent++;
                // Open loop: each command leaves on time, whether the one before was answered or not.
                senders.execute(() -> {
                    String responseUrl = slack.responseUrl();
                    long begin = System.nanoTime();
                    sentAt.put(URI.create(responseUrl).getPath(), Instant.now());
                    try {
                        FakeSlack.Answer answer = slack.command(endpoint, "release bench-wallet", "U0BENCH",
                                "C0BENCH", responseUrl);
                        if (answer.status() != 200) {
                            errors.incrementAndGet();
                        }
                        acks.add(System.nanoTime() - begin);
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                });
                next += interval;
            }
            senders.shutdown();
            senders.awaitTermination(1, TimeUnit.MINUTES);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (slack.posted(posted -> posted.via().equals("response")).size() < sent + warmed
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            List<Long> cards = new ArrayList<>();
            int wrong = 0;
            for (FakeSlack.Posted card : slack.posted(posted -> posted.via().equals("response"))) {
                Instant at = sentAt.get(card.channel());
                if (at != null) {
                    cards.add(Duration.between(at, card.at()).toNanos());
                }
                if (!card.allText().contains("Wallet 5.2.0")) {
                    wrong++;
                }
            }
            System.out.printf("slack: %d commands in %d s at %d/s, %d errors, %d cards (%d without the release)%n",
                    sent, seconds, rate, errors.get(), cards.size(), wrong);
            print("acknowledgement", acks);
            print("release card", cards);
        }
    }

    private static void print(String what, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            System.out.printf("%s: none%n", what);
            return;
        }
        System.out.printf("%s: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
                sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
