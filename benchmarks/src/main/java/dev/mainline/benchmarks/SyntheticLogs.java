package dev.mainline.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CI logs made up for load: GitHub Actions timestamps before every line; Maven downloads and compiles, Gradle tasks,
 * jest and surefire results, debug lines with ids, hashes and durations, over a vocabulary of a few thousand
 * module, class and test names; and, in one log of {@link #FAILING_EVERY}, a real failure from the labelled set,
 * its values changed. The same seed gives the same logs.
 */
final class SyntheticLogs {
    static final int FAILING_EVERY = 4;
    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "DEBUG", "WARNING"};
    private static final String[] VERBS = {"Compiling", "Resolving", "Linking", "Packaging", "Scanning", "Copying",
            "Generating", "Checking", "Uploading", "Caching"};
    private static final String[] NOUNS = {"sources", "resources", "classes", "artifacts", "dependencies", "assets",
            "bundles", "reports", "images", "fixtures"};

    private final SplittableRandom random;
    private final List<String> modules = new ArrayList<>();
    private final List<String> classes = new ArrayList<>();
    private final List<String> failures;
    private long clock = 1_732_000_000_000L;

    SyntheticLogs(long seed, List<String> failures) {
        this.random = new SplittableRandom(seed);
        this.failures = failures;
        String[] parts = {"cart", "order", "billing", "search", "auth", "catalog", "payment", "shipping", "review",
                "inventory", "profile", "session", "ledger", "gateway", "notify", "report", "media", "price", "promo",
                "tax"};
        String[] kinds = {"Service", "Controller", "Repository", "Client", "Mapper", "Handler", "Validator",
                "Factory", "Cache", "Worker"};
        for (int i = 0; i < 400; i++) {
            modules.add(parts[i % parts.length] + "-" + parts[(i / parts.length) % parts.length] + (i / 400));
        }
        for (int i = 0; i < 4000; i++) {
            String part = parts[random.nextInt(parts.length)];
            classes.add("com.acme." + part + "." + Character.toUpperCase(part.charAt(0)) + part.substring(1)
                    + parts[random.nextInt(parts.length)] + kinds[random.nextInt(kinds.length)] + i);
        }
    }

    /** A log of about {@code bytes} bytes. */
    byte[] log(int bytes, boolean failing) {
        StringBuilder log = new StringBuilder(bytes + 4096);
        int failAt = failing ? random.nextInt(Math.max(1, bytes - 8192)) : -1;
        while (log.length() < bytes) {
            if (failAt >= 0 && log.length() >= failAt) {
                appendFailure(log);
                failAt = -1;
                continue;
            }
            stamp(log);
            int kind = random.nextInt(100);
            String module = modules.get(random.nextInt(modules.size()));
            String type = classes.get(random.nextInt(classes.size()));
            if (kind < 25) {
                log.append("Downloaded from central: https://repo.maven.apache.org/maven2/com/acme/").append(module)
                        .append('/').append(1 + random.nextInt(9)).append('.').append(random.nextInt(30)).append('/')
                        .append(module).append(".jar (").append(random.nextInt(900) + 1).append(" kB at ")
                        .append(random.nextInt(90) + 1).append('.').append(random.nextInt(10)).append(" MB/s)");
            } else if (kind < 45) {
                log.append('[').append(LEVELS[random.nextInt(LEVELS.length)]).append("] Tests run: ")
                        .append(random.nextInt(60) + 1).append(", Failures: 0, Errors: 0, Skipped: ")
                        .append(random.nextInt(3)).append(", Time elapsed: ").append(random.nextInt(20)).append('.')
                        .append(random.nextInt(1000)).append(" s - in ").append(type).append("Test");
            } else if (kind < 60) {
                log.append("> Task :").append(module).append(':').append(random.nextBoolean()
                        ? "compileJava"
                        : "test").append(random.nextInt(4) == 0 ? " UP-TO-DATE" : "");
            } else if (kind < 72) {
                log.append("PASS src/").append(module).append("/").append(type.substring(type.lastIndexOf('.') + 1))
                        .append(".test.tsx (").append(random.nextInt(9)).append('.').append(random.nextInt(10))
                        .append(" s)");
            } else if (kind < 88) {
                log.append(VERBS[random.nextInt(VERBS.length)]).append(' ').append(random.nextInt(400) + 1)
                        .append(' ').append(NOUNS[random.nextInt(NOUNS.length)]).append(" for ").append(module)
                        .append(" into /home/runner/work/shop/shop/").append(module).append("/target");
            } else {
                log.append("DEBUG ").append(type).append(" request ").append(Long.toHexString(random.nextLong()))
                        .append(" took ").append(random.nextInt(5000)).append(" ms (worker-")
                        .append(random.nextInt(64)).append(", trace ").append(new java.util.UUID(random.nextLong(),
                                random.nextLong()))
                        .append(')');
            }
            log.append('\n');
        }
        return log.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void stamp(StringBuilder log) {
        clock += random.nextInt(40);
        String time = java.time.Instant.ofEpochMilli(clock).toString();
        log.append(time, 0, time.length() - 1).append("0000Z ");
    }

    private void appendFailure(StringBuilder log) {
        String failure = failures.get(random.nextInt(failures.size()));
        for (String line : failure.split("\n")) {
            stamp(log);
            // Values differ from run to run.
            log.append(line.replace("42", Integer.toString(random.nextInt(1000)))).append('\n');
        }
    }
}
