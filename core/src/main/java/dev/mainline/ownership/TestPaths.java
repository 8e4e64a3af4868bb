package dev.mainline.ownership;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the file a test lives in among a repository's files: the file its runner reported when that is one of them
 * (relative, or absolute under a checkout), else the source file its class name points to ({@code com.acme.CartTest}
 * is {@code …/com/acme/CartTest.java}, {@code .kt}, …; Python's {@code tests.test_cart} is {@code tests/test_cart.py}).
 * When several files fit, the shortest path wins, so the answer does not depend on the order files are listed in.
 */
public final class TestPaths {
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "kt", "kts", "scala", "groovy", "cs", "swift",
            "m", "mm", "py", "js", "jsx", "ts", "tsx", "mjs", "cjs", "go", "rb", "php", "rs", "dart", "c", "cc", "cpp");

    private final Set<String> paths;
    /** Files by their name without its extension, to look class names up. */
    private final Map<String, List<String>> byStem = new HashMap<>();

    public TestPaths(List<String> paths) {
        this.paths = Set.copyOf(paths);
        for (String path : paths) {
            int slash = path.lastIndexOf('/');
            int dot = path.lastIndexOf('.');
            if (dot > slash + 1 && SOURCE_EXTENSIONS.contains(path.substring(dot + 1))) {
                byStem.computeIfAbsent(path.substring(slash + 1, dot), stem -> new ArrayList<>()).add(path);
            }
        }
    }

    public Optional<String> find(Optional<String> reportedFile, String suite, String className) {
        if (reportedFile.isPresent()) {
            Optional<String> file = file(reportedFile.get());
            if (file.isPresent()) {
                return file;
            }
        }
        Optional<String> byClass = byClassName(className);
        return byClass.isPresent() ? byClass : byClassName(suite);
    }

    private Optional<String> file(String reported) {
        String file = reported.replace('\\', '/');
        while (file.startsWith("./")) {
            file = file.substring(2);
        }
        if (paths.contains(file)) {
            return Optional.of(file);
        }
        // An absolute path under a checkout: the longest tail that is one of the files.
        String[] segments = file.split("/");
        for (int start = 1; start < segments.length; start++) {
            String tail = String.join("/", java.util.Arrays.copyOfRange(segments, start, segments.length));
            if (paths.contains(tail)) {
                return Optional.of(tail);
            }
        }
        return Optional.empty();
    }

    private Optional<String> byClassName(String className) {
        // Nested classes (Outer$Inner, Outer.Inner) live in the outer class's file.
        String outer = className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        String[] parts = outer.split("\\.");
        for (int end = parts.length; end >= 1; end--) {
            String stem = parts[end - 1];
            List<String> candidates = byStem.getOrDefault(stem, List.of());
            String suffix = String.join("/", java.util.Arrays.copyOfRange(parts, 0, end));
            Optional<String> best = candidates.stream()
                    .filter(path -> withoutExtension(path).equals(suffix)
                            || withoutExtension(path).endsWith("/" + suffix))
                    .min((left, right) -> left.length() != right.length()
                            ? Integer.compare(left.length(), right.length())
                            : left.compareTo(right));
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }

    private static String withoutExtension(String path) {
        return path.substring(0, path.lastIndexOf('.'));
    }
}
