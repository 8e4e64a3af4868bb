package dev.mainline.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Release reads under load, over HTTP against a running server (started by {@code benchmarks/release-reads}): it
 * bootstraps an administrator, makes an app with releases on both platforms, then for {@code seconds} sends reads at
 * a fixed rate from several threads — the newest releases of the app, and one release — while a release manager
 * changes a release every second (each change drops what is cached). Prints p50/p95/p99/max of the reads.
 */
public final class ReleaseReadBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] arguments) throws Exception {
        URI server = URI.create(arguments[0]);
        Path dataDir = Path.of(arguments[1]);
        int seconds = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 30;
        int rate = arguments.length > 3 ? Integer.parseInt(arguments[3]) : 200;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        String bootstrap = Files.readString(dataDir.resolve("bootstrap-token"), StandardCharsets.US_ASCII).trim();
        JsonNode admin = BenchmarkHttp.send(http, server, "POST", "/api/v1/bootstrap", null, JSON.createObjectNode()
                .put("bootstrapToken", bootstrap).put("login", "bench").put("displayName", "Bench"));
        String token = admin.path("token").path("secret").asString();
        var app = JSON.createObjectNode().put("key", "bench-wallet").put("displayName", "Wallet");
        app.putArray("platforms").add("ios").add("android");
        BenchmarkHttp.send(http, server, "POST", "/api/v1/apps", token, app);
        long first = 0;
        for (int i = 0; i < 40; i++) {
            JsonNode cut = BenchmarkHttp.send(http, server, "POST", "/api/v1/apps/bench-wallet/releases", token,
                    JSON.createObjectNode().put("platform", i % 2 == 0 ? "android" : "ios").put("version",
                            "5." + i + ".0"));
            first = first == 0 ? cut.path("id").asLong() : first;
        }
        long release = first;

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger changes = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(16);
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long interval = 1_000_000_000L / rate;
        // A release manager's change every second, each dropping what is cached of the app.
        java.util.concurrent.ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger build = new AtomicInteger();
        writer.scheduleAtFixedRate(() -> {
            try {
                BenchmarkHttp.send(http, server, "POST", "/api/v1/releases/%d/actions".formatted(release), token,
                        JSON.createObjectNode().put("action", "record-build").put("build", "b"
                                + build.incrementAndGet()));
                changes.incrementAndGet();
            } catch (RuntimeException e) {
                errors.incrementAndGet();
            }
        }, 0, 1, TimeUnit.SECONDS);
        long next = System.nanoTime();
        int sent = 0;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String path = sent++ % 2 == 0
                    ? "/api/v1/apps/bench-wallet/releases?platform=android&limit=20"
                    : "/api/v1/releases/" + release;
            // Open loop: each read starts on time, whether the one before has answered or not.
            readers.execute(() -> {
                long begin = System.nanoTime();
                try {
                    BenchmarkHttp.send(http, server, "GET", path, token, null);
                    latencies.add(System.nanoTime() - begin);
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
            });
            next += interval;
        }
        writer.shutdown();
        readers.shutdown();
        readers.awaitTermination(1, TimeUnit.MINUTES);
        writer.awaitTermination(1, TimeUnit.MINUTES);
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("release reads: %d in %d s at %d/s (%d threads), %d changes meanwhile, %d errors%n",
                sorted.length, seconds, rate, 16, changes.get(), errors.get());
        System.out.printf("p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n", sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.95)] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }
}
