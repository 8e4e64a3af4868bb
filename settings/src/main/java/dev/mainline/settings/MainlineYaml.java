package dev.mainline.settings;

import dev.mainline.common.MainlineException;
import dev.mainline.mergequeue.QueueConfiguration;
import dev.mainline.mergequeue.RepositorySettings.LocalCi;
import dev.mainline.mergequeue.RepositorySettings;
import dev.mainline.mergequeue.RepositorySettings.Strategy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a repository's {@code .mainline.yml}. Strict, because a typo in a queue's settings should stop the queue with
 * a reason rather than run it on defaults nobody chose: an unknown key, a wrong type or a value out of range is
 * refused with the line it is on. Only plain YAML is read (no tags, few aliases, at most 64 KiB).
 *
 * <pre>
 * merge_queue:
 *   strategy: speculative        # speculative (default), predictive or serial
 *   failure_tolerance: 2
 *   ci_budget: 10
 *   batch_size: 1
 *   max_undeployed_merges: 0     # 0: no drift limit
 *   required_checks: [build, test]
 *   required_approvals: 1
 * ci:                            # local mode only
 *   command: ./gradlew test
 *   timeout: 30m
 *   concurrency: 4
 *   reports: "**&#47;TEST-*.xml"
 * </pre>
 */
public final class MainlineYaml {
    public static final String FILE = ".mainline.yml";
    public static final int MAX_BYTES = 64 * 1024;
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");
    private static final Set<String> TOP = Set.of("merge_queue", "ci");
    private static final Set<String> QUEUE = Set.of("strategy", "failure_tolerance", "ci_budget", "batch_size",
            "max_undeployed_merges", "required_checks", "required_approvals");
    private static final Set<String> CI = Set.of("command", "timeout", "concurrency", "reports");

    private MainlineYaml() {
    }

    public static RepositorySettings parse(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw MainlineException.invalid("%s is larger than %d KiB", FILE, MAX_BYTES / 1024);
        }
        Optional<Node> root;
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(FILE)
                    .setMaxAliasesForCollections(10)
                    .setCodePointLimit(MAX_BYTES)
                    .build();
            root = new Compose(settings).composeString(text);
        } catch (YamlEngineException e) {
            throw MainlineException.invalid("%s is not valid YAML: %s", FILE, e.getMessage().replace('\n', ' '));
        }
        if (root.isEmpty()) {
            return RepositorySettings.defaults();
        }
        Map<String, Node> top = mapping(root.get(), "the file", TOP);
        Map<String, Node> queue = top.containsKey("merge_queue")
                ? mapping(top.get("merge_queue"), "merge_queue", QUEUE)
                : Map.of();
        Strategy strategy = queue.containsKey("strategy")
                ? checked(queue.get("strategy"), () -> Strategy.fromKey(scalar(queue.get("strategy"), "strategy")))
                : Strategy.SPECULATIVE;
        QueueConfiguration defaults = QueueConfiguration.defaults();
        QueueConfiguration configuration = checked(root.get(), () -> strategy.apply(new QueueConfiguration(
                integer(queue, "failure_tolerance", defaults.failureTolerance()),
                integer(queue, "ci_budget", defaults.ciBudget()),
                integer(queue, "max_undeployed_merges", defaults.maxUndeployedMerges()),
                integer(queue, "batch_size", defaults.batchSize()),
                defaults.maxExclusions(), defaults.assumedFlakeRate(), defaults.defaultSuccessEstimate(),
                defaults.expectedCiDuration(), defaults.minSpeculationWeight(), defaults.countSuccessiveFailures())));
        List<String> checks = queue.containsKey("required_checks")
                ? strings(queue.get("required_checks"), "merge_queue.required_checks")
                : List.of();
        int approvals = integer(queue, "required_approvals", 0);
        Optional<LocalCi> ci = Optional.empty();
        if (top.containsKey("ci")) {
            Map<String, Node> section = mapping(top.get("ci"), "ci", CI);
            if (!section.containsKey("command")) {
                throw invalid(top.get("ci"), "ci.command is missing");
            }
            ci = Optional.of(checked(top.get("ci"), () -> new LocalCi(
                    scalar(section.get("command"), "ci.command"),
                    section.containsKey("timeout")
                            ? duration(section.get("timeout"), "ci.timeout")
                            : Duration.ofMinutes(30),
                    integer(section, "concurrency", 4),
                    section.containsKey("reports")
                            ? scalar(section.get("reports"), "ci.reports")
                            : "**/TEST-*.xml")));
        }
        int requiredApprovals = approvals;
        Optional<LocalCi> localCi = ci;
        return checked(root.get(),
                () -> new RepositorySettings(strategy, configuration, checks, requiredApprovals, localCi));
    }

    private static Map<String, Node> mapping(Node node, String where, Set<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            throw invalid(node, "%s must be a mapping of keys to values".formatted(where));
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            if (!known.contains(key)) {
                throw invalid(tuple.getKeyNode(), "unknown key '%s'%s (known: %s)".formatted(key,
                        where.equals("the file") ? "" : " in " + where, String.join(", ", known.stream().sorted()
                                .toList())));
            }
            if (values.put(key, tuple.getValueNode()) != null) {
                throw invalid(tuple.getKeyNode(), "key '%s' appears twice".formatted(key));
            }
        }
        return values;
    }

    private static String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalar)) {
            throw invalid(node, "%s must be a single value".formatted(what));
        }
        return scalar.getValue();
    }

    private static int integer(Map<String, Node> section, String key, int fallback) {
        Node node = section.get(key);
        if (node == null) {
            return fallback;
        }
        String value = scalar(node, key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(node, "%s must be a whole number, got '%s'".formatted(key, value));
        }
    }

    private static Duration duration(Node node, String what) {
        String value = scalar(node, what).trim().toLowerCase(Locale.ROOT);
        Matcher matcher = DURATION.matcher(value);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw invalid(node, "%s must be a duration such as 90s, 30m or 2h, got '%s'".formatted(what, value));
        }
    }

    private static List<String> strings(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            throw invalid(node, "%s must be a list, such as [build, test]".formatted(what));
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String value = scalar(item, "each of " + what);
            if (value.isBlank()) {
                throw invalid(item, "%s holds an empty name".formatted(what));
            }
            values.add(value);
        }
        return values;
    }

    /** Runs a constructor's own checks and puts the line of {@code node} on what they refuse. */
    private static <T> T checked(Node node, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (MainlineException e) {
            throw invalid(node, e.getMessage());
        }
    }

    private static MainlineException invalid(Node node, String message) {
        String line = node.getStartMark().map(mark -> " line " + (mark.getLine() + 1)).orElse("");
        return MainlineException.invalid("%s%s: %s", FILE, line, message);
    }
}
