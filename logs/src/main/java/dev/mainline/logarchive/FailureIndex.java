package dev.mainline.logarchive;

import static java.util.Objects.requireNonNull;

import dev.mainline.logs.ExtractedFailure;
import dev.mainline.logs.FailureExtractor;
import dev.mainline.logs.FailureGroup;
import dev.mainline.logs.FailureOccurrence;
import dev.mainline.logs.FailureSignatures;
import dev.mainline.logs.LogStore;
import dev.mainline.logs.ReportedFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The failure groups' signatures in a Lucene index of their own, ranked by BM25 for "what is most like this": rare
 * words (a class, a method, a message) weigh most. It is derived from the groups in the database and catches up with
 * them (after a restart too); it also groups the failures of stored test reports as they come.
 */
final class FailureIndex implements AutoCloseable {
    private static final String LAST_GROUP = "last-group";
    private static final String ID = "id";
    private static final String WORDS = "words";
    private static final int MAX_QUERY_WORDS = 300;
    private static final int MAX_TEST_NAME = 6001;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(FailureIndex.class
            .getName());
    /** Masks of varying parts say nothing about which failure it is. */
    private static final Set<String> MASKS = Set.of("n", "hex", "uuid", "time", "id");
    private static final FieldType COUNTED_WORDS = new FieldType();

    static {
        COUNTED_WORDS.setTokenized(true);
        COUNTED_WORDS.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
        COUNTED_WORDS.setStored(false);
        COUNTED_WORDS.freeze();
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final LogStore store;
    private long lastGroup;

    /** A group found like a text, with its BM25 score. */
    record Hit(long groupId, float score) {
    }

    FailureIndex(Path path, LogStore store) throws IOException {
        this.store = requireNonNull(store, "store is null");
        this.directory = FSDirectory.open(path);
        this.writer = new IndexWriter(directory, new IndexWriterConfig(LogAnalyzer.INSTANCE).setCommitOnClose(false));
        writer.commit();
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            String last = reader.getIndexCommit().getUserData().get(LAST_GROUP);
            lastGroup = last == null ? 0 : Long.parseLong(last);
        }
        this.searchers = new SearcherManager(directory, null);
    }

    /** Adds the groups made since the last look, and commits. */
    synchronized void catchUp() {
        try {
            List<FailureGroup> groups;
            boolean added = false;
            while (!(groups = store.groupsAfter(lastGroup, 500)).isEmpty()) {
                for (FailureGroup group : groups) {
                    Document document = new Document();
                    document.add(new StringField(ID, Long.toString(group.id()), Field.Store.YES));
                    document.add(new Field(WORDS, group.title() + "\n" + group.signature(), COUNTED_WORDS));
                    writer.updateDocument(new Term(ID, Long.toString(group.id())), document);
                    lastGroup = group.id();
                    added = true;
                }
            }
            if (added) {
                writer.setLiveCommitData(Map.of(LAST_GROUP, Long.toString(lastGroup)).entrySet());
                writer.commit();
                searchers.maybeRefreshBlocking();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index failure groups", e);
        }
    }

    /** After a log's failures were recorded. */
    void add(List<FailureOccurrence> recorded) {
        if (!recorded.isEmpty()) {
            catchUp();
        }
    }

    /** Groups the failures of test reports stored since the last look, then indexes new groups. */
    void groupReportedFailures() {
        List<ReportedFailure> batch;
        while (!(batch = store.reportedFailuresAfter(store.reportedFailuresCursor(), 50)).isEmpty()) {
            long last = batch.getLast().runId();
            try {
                store.recordReportedFailures(occurrences(batch), last);
            } catch (RuntimeException e) {
                // One bad run must not hold up every later one: each run on its own, a failing one passed over.
                LOG.log(Level.WARNING, "cannot group failures of test runs up to %d together; one run at a time"
                        .formatted(last), e);
                for (List<ReportedFailure> run : batch.stream().collect(java.util.stream.Collectors.groupingBy(
                        ReportedFailure::runId, java.util.TreeMap::new, java.util.stream.Collectors.toList()))
                        .values()) {
                    long runId = run.getFirst().runId();
                    try {
                        store.recordReportedFailures(occurrences(run), runId);
                    } catch (RuntimeException failed) {
                        LOG.log(Level.WARNING, "the failures of test run %d are not grouped".formatted(runId), failed);
                        store.recordReportedFailures(List.of(), runId);
                    }
                }
            }
        }
        catchUp();
    }

    private static List<FailureOccurrence> occurrences(List<ReportedFailure> reported) {
        List<FailureOccurrence> occurrences = new ArrayList<>();
        for (ReportedFailure failure : reported) {
            String test = failure.test().length() <= MAX_TEST_NAME
                    ? failure.test()
                    : failure.test().substring(0, MAX_TEST_NAME - 1) + "…";
            for (ExtractedFailure found : FailureExtractor.fromReport(failure.failureType().orElse(""),
                    failure.message().orElse(""), failure.stackTrace().orElse(""))) {
                occurrences.add(new FailureOccurrence(found, failure.repository(), Optional.of(failure.commit()),
                        failure.branch(), failure.pullRequest(), Optional.of(failure.job()), Optional.empty(),
                        Optional.empty(), Optional.of(test), failure.at()));
            }
        }
        return occurrences;
    }

    /** The groups most like {@code text}, best first. */
    List<Hit> like(String text, int count) throws IOException {
        Set<String> words = new LinkedHashSet<>();
        for (String line : text.lines().limit(200).toList()) {
            for (String word : LogAnalyzer.words(FailureSignatures.normalize(line))) {
                if (!MASKS.contains(word) && words.size() < MAX_QUERY_WORDS) {
                    words.add(word);
                }
            }
        }
        if (words.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (String word : words) {
            query.add(new TermQuery(new Term(WORDS, word)), BooleanClause.Occur.SHOULD);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            TopDocs top = searcher.search(query.build(), count);
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc hit : top.scoreDocs) {
                hits.add(new Hit(Long.parseLong(stored.document(hit.doc).get(ID)), hit.score));
            }
            return hits;
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.rollback();
        directory.close();
    }
}
