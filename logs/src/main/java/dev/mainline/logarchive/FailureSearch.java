package dev.mainline.logarchive;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.identity.Action;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.Scope;
import dev.mainline.logs.FailureGroup;
import dev.mainline.logs.FailureSignatures;
import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogStore;
import dev.mainline.logs.StoredLog;
import dev.mainline.logs.StoredOccurrence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Failure groups read back: the groups most like a pasted error (exact ones first), one group with everything it
 * touched, and one release's logs and error groups. Groups span repositories, so reading them takes
 * {@code logs.read} on the global scope.
 */
public final class FailureSearch {
    public static final int MAX_TEXT = 64 * 1024;
    private static final int CANDIDATES = 50;

    private final LogStore store;
    private final FailureIndex index;
    private final Authorizer authorizer;

    /** A group like the text searched for: exact when the group holds every line of it, and its BM25 score. */
    public record SimilarFailure(FailureGroup group, boolean exact, double score, List<StoredOccurrence> recent) {
    }

    /** A group with its latest occurrences and the builds, tests, pull requests and releases it touched. */
    public record GroupView(FailureGroup group, List<StoredOccurrence> occurrences, Set<Long> logs,
            Set<String> tests, Set<String> pullRequests, Set<String> releases, Set<String> repositories) {
    }

    /** A release's logs, newest first, and the error groups seen in them, most frequent first. */
    public record ReleaseView(String version, List<StoredLog> logs, List<FailureGroup> errors) {
    }

    FailureSearch(LogStore store, FailureIndex index, Authorizer authorizer) {
        this.store = requireNonNull(store, "store is null");
        this.index = requireNonNull(index, "index is null");
        this.authorizer = requireNonNull(authorizer, "authorizer is null");
    }

    /** The earlier failures most like {@code text} (any part of an error message or stack trace), best first. */
    public List<SimilarFailure> similar(Actor actor, String text, int limit) {
        authorizer.require(actor, Action.LOGS_READ, Scope.global(), "failures");
        if (text.isBlank() || text.length() > MAX_TEXT) {
            throw MainlineException.invalid("the text to look up must have 1 to %d characters", MAX_TEXT);
        }
        if (limit < 1 || limit > 50) {
            throw MainlineException.invalid("limit must be 1 to 50, got %d", limit);
        }
        List<FailureIndex.Hit> hits;
        try {
            hits = index.like(text, Math.max(CANDIDATES, limit));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search failure groups", e);
        }
        List<String> pasted = text.lines().map(FailureSignatures::normalize).filter(line -> !line.isEmpty())
                .toList();
        List<SimilarFailure> found = new ArrayList<>();
        for (FailureIndex.Hit hit : hits) {
            Optional<FailureGroup> group = store.group(hit.groupId());
            if (group.isEmpty()) {
                continue;
            }
            found.add(new SimilarFailure(group.get(), holdsAll(group.get(), pasted), hit.score(), List.of()));
        }
        return found.stream()
                .sorted(Comparator.comparing(SimilarFailure::exact).reversed()
                        .thenComparing(Comparator.comparingDouble(SimilarFailure::score).reversed()))
                .limit(limit)
                .map(similar -> new SimilarFailure(similar.group(), similar.exact(), similar.score(),
                        store.occurrences(similar.group().id(), 5)))
                .toList();
    }

    /** Whether every pasted line, masked like signatures, is in the group's title, signature or latest excerpt. */
    private static boolean holdsAll(FailureGroup group, List<String> pasted) {
        String all = FailureSignatures.normalize(group.title()) + "\n" + group.signature() + "\n"
                + group.sample().lines().map(FailureSignatures::normalize).collect(Collectors.joining("\n"));
        return !pasted.isEmpty() && pasted.stream().allMatch(all::contains);
    }

    public GroupView group(Actor actor, long id) {
        authorizer.require(actor, Action.LOGS_READ, Scope.global(), "failure-group:" + id);
        FailureGroup group = store.group(id)
                .orElseThrow(() -> MainlineException.notFound("failure group %d does not exist", id));
        List<StoredOccurrence> occurrences = store.occurrences(id, 200);
        return new GroupView(group, occurrences, collect(occurrences, StoredOccurrence::logId),
                collect(occurrences, StoredOccurrence::test),
                collect(occurrences, occurrence -> occurrence.pullRequest()
                        .map(number -> occurrence.repository() + "#" + number)),
                collect(occurrences, StoredOccurrence::release),
                collect(occurrences, occurrence -> Optional.of(occurrence.repository().value())));
    }

    private static <T extends Comparable<T>> Set<T> collect(List<StoredOccurrence> occurrences,
            Function<StoredOccurrence, Optional<T>> field) {
        Set<T> values = new TreeSet<>();
        occurrences.forEach(occurrence -> field.apply(occurrence).ifPresent(values::add));
        return values;
    }

    /** Every kept log of release {@code version} and its error groups: seed 000's "a release's logs". */
    public ReleaseView release(Actor actor, String version, int limit) {
        authorizer.require(actor, Action.LOGS_READ, Scope.global(), "release:" + version);
        if (limit < 1 || limit > 500) {
            throw MainlineException.invalid("limit must be 1 to 500, got %d", limit);
        }
        return new ReleaseView(version, store.list(LogFilter.ofRelease(version), Optional.empty(), limit),
                store.groupsInRelease(version, limit));
    }
}
