package dev.mainline.ownership;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CODEOWNERS file as GitHub reads it: one rule per line, a path pattern then its owners ({@code @user},
 * {@code @org/team} or an email); {@code #} starts a comment; the last rule whose pattern matches a path decides its
 * owners, and a matching rule with no owners leaves the path unowned. Patterns follow gitignore: a leading or inner
 * {@code /} anchors a pattern to the repository root, otherwise it matches at any depth; a pattern names a file or a
 * directory and everything under it; {@code *} and {@code ?} stay within one path segment, {@code **} crosses them.
 * GitHub's exceptions apply: no {@code !} negation and no {@code [ ]} ranges. As on GitHub, a line that is not a valid
 * rule is skipped and the rest of the file still applies; {@link #problems()} names each skipped line.
 */
public final class CodeOwners {
    private static final Pattern OWNER = Pattern.compile("@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]+)?"
            + "|[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** Where GitHub looks for the file, in order: the first found is the one that counts. */
    public static final List<String> LOCATIONS = List.of(".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS");
    private static final int MAX_RULES = 10_000;
    private static final int MAX_OWNER = 100;

    private final List<Rule> rules;
    private final List<String> problems;

    /** One line: where it was, what it matches, and who owns what it matches. */
    public record Rule(int line, String pattern, List<String> owners, Pattern matcher) {
        public Rule {
            requireNonNull(pattern, "pattern is null");
            owners = List.copyOf(requireNonNull(owners, "owners is null"));
            requireNonNull(matcher, "matcher is null");
        }
    }

    private CodeOwners(List<Rule> rules, List<String> problems) {
        this.rules = List.copyOf(rules);
        this.problems = List.copyOf(problems);
    }

    public static CodeOwners empty() {
        return new CodeOwners(List.of(), List.of());
    }

    /** Reads a CODEOWNERS file; a line that is not a rule is skipped, and said in {@link #problems()}. */
    public static CodeOwners parse(String text) {
        requireNonNull(text, "text is null");
        List<Rule> rules = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = stripComment(lines[number - 1]).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (rules.size() == MAX_RULES) {
                throw MainlineException.invalid("CODEOWNERS has more than %d rules", MAX_RULES);
            }
            List<String> parts = splitUnescaped(line);
            String pattern = parts.getFirst();
            if (pattern.startsWith("!") || pattern.contains("[") || pattern.contains("]")) {
                problems.add("CODEOWNERS line %d: '%s' uses a pattern GitHub does not support (no ! negation, no [ ]"
                        .formatted(number, pattern) + " ranges)");
                continue;
            }
            List<String> owners = parts.subList(1, parts.size());
            String bad = owners.stream().filter(owner -> owner.length() > MAX_OWNER
                    || !OWNER.matcher(owner).matches()).findFirst().orElse(null);
            if (bad != null) {
                problems.add("CODEOWNERS line %d: '%s' is not an owner (@user, @org/team or an email of at most %d"
                        .formatted(number, bad, MAX_OWNER) + " characters)");
                continue;
            }
            rules.add(new Rule(number, pattern, owners, compile(pattern)));
        }
        return new CodeOwners(rules, problems);
    }

    /** The lines skipped, each with its number and why. */
    public List<String> problems() {
        return problems;
    }

    /** The owners of {@code path} (relative to the repository root, with {@code /}); empty when unowned. */
    public List<String> ownersOf(String path) {
        return ruleFor(path).map(Rule::owners).orElse(List.of());
    }

    /** The rule deciding who owns {@code path}: the last that matches. */
    public Optional<Rule> ruleFor(String path) {
        String normalized = path.startsWith("/") ? path.substring(1) : path;
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).matcher().matcher(normalized).matches()) {
                return Optional.of(rules.get(i));
            }
        }
        return Optional.empty();
    }

    public List<Rule> rules() {
        return rules;
    }

    private static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            char character = line.charAt(i);
            if (character == '\\') {
                i++;
            } else if (character == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static List<String> splitUnescaped(String line) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char character = line.charAt(i);
            if (character == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (Character.isWhitespace(character)) {
                if (!current.isEmpty()) {
                    parts.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(character);
            }
        }
        if (!current.isEmpty()) {
            parts.add(current.toString());
        }
        return parts;
    }

    /** The gitignore-style pattern as a regular expression over a whole path. */
    static Pattern compile(String pattern) {
        String body = pattern;
        boolean anchored = body.startsWith("/");
        if (anchored) {
            body = body.substring(1);
        }
        boolean directory = body.endsWith("/");
        if (directory) {
            body = body.substring(0, body.length() - 1);
        }
        anchored |= body.contains("/");
        StringBuilder regex = new StringBuilder(anchored ? "" : "(?:.*/)?");
        for (int i = 0; i < body.length(); i++) {
            char character = body.charAt(i);
            if (character == '*' && i + 1 < body.length() && body.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < body.length() && body.charAt(i + 2) == '/';
                if (slashAfter) {
                    regex.append("(?:.*/)?");
                    i += 2;
                } else {
                    regex.append(".*");
                    i += 1;
                }
            } else if (character == '*') {
                regex.append("[^/]*");
            } else if (character == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(character)));
            }
        }
        // A pattern names a file, or a directory and everything in it ("docs/" only the directory); GitHub reads a
        // last segment of a lone star ("docs/*") as the files directly in that directory, not deeper.
        if (directory) {
            regex.append("/.*");
        } else if (!body.endsWith("/*")) {
            regex.append("(?:/.*)?");
        }
        return Pattern.compile(regex.toString());
    }
}
