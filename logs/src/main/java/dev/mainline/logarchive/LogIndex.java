package dev.mainline.logarchive;

import dev.mainline.logs.LogFilter;
import dev.mainline.logs.LogSource;
import dev.mainline.logs.StoredLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The Lucene index of kept logs: one document per block of a log, holding the block's words (without positions: a
 * block only needs to hold every word of a search to be read and checked line by line) and its log's repository,
 * branch, job, release, outcome and time. The index is sorted newest first, so a search stops as soon as it has
 * enough. Searches see only what was committed, and a log is committed whole, so no search sees half a log.
 */
final class LogIndex implements AutoCloseable {
    private static final String LOG = "log";
    private static final String BLOCK = "block";
    private static final String TIME = "time";
    private static final String TEXT = "text";
    private static final FieldType WORDS = new FieldType();
    private static final String ORDER = "order";
    private static final Sort NEWEST_FIRST = new Sort(new SortedNumericSortField(TIME, SortField.Type.LONG, true),
            new SortedNumericSortField(ORDER, SortField.Type.LONG, true));

    static {
        WORDS.setTokenized(true);
        WORDS.setIndexOptions(IndexOptions.DOCS);
        WORDS.setOmitNorms(true);
        WORDS.setStored(false);
        WORDS.freeze();
    }

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    /** A block of a log that holds every word searched for. */
    record Candidate(long logId, int block, FieldDoc position) {
    }

    LogIndex(Path path) throws IOException {
        this.directory = FSDirectory.open(path);
        IndexWriterConfig config = new IndexWriterConfig(LogAnalyzer.INSTANCE)
                .setIndexSort(NEWEST_FIRST)
                // Lucene flushes what it buffered at this size: large for speed, but well inside a small heap.
                .setRAMBufferSizeMB(Math.max(16, Math.min(128, Runtime.getRuntime().maxMemory() / (8 << 20))))
                .setUseCompoundFile(false)
                .setCommitOnClose(false);
        this.writer = new IndexWriter(directory, config);
        writer.commit();
        this.searchers = new SearcherManager(directory, null);
    }

    /** Adds one block of {@code log}, its text with the terminal codes gone; visible after {@link #commit()}. */
    void add(StoredLog log, int block, String text) throws IOException {
        Document document = new Document();
        LogSource source = log.source();
        document.add(new StringField(LOG, Long.toString(log.id()), Field.Store.YES));
        document.add(new StoredField(BLOCK, block));
        document.add(new LongField(TIME, log.time().toEpochMilli(), Field.Store.NO));
        // Among logs of the same moment, the later one first; within a log, its blocks in order.
        document.add(new org.apache.lucene.document.SortedNumericDocValuesField(ORDER,
                (log.id() << 24) - block));
        document.add(new StringField("repository", source.repository().value(), Field.Store.NO));
        document.add(new StringField("job", source.job(), Field.Store.NO));
        document.add(new StringField("outcome", source.outcome().wireName(), Field.Store.NO));
        document.add(new StringField("kind", source.kind().wireName(), Field.Store.NO));
        source.branch().ifPresent(branch -> document.add(new StringField("branch", branch, Field.Store.NO)));
        source.release().ifPresent(release -> document.add(new StringField("release", release, Field.Store.NO)));
        document.add(new Field(TEXT, BlockWords.stream(BlockWords.unique(text)), WORDS));
        writer.addDocument(document);
    }

    /** Forgets every block of a log (an interrupted indexing's, or a log that is deleted). */
    void delete(long logId) throws IOException {
        writer.deleteDocuments(new Term(LOG, Long.toString(logId)));
    }

    /** Makes what was added durable and searchable. */
    void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /**
     * The next {@code count} blocks, newest first, after {@code after} when given, that hold all {@code words} (the
     * last may be the start of a word) and pass {@code filter}.
     */
    List<Candidate> candidates(List<String> words, boolean lastIsPrefix, LogFilter filter, Optional<FieldDoc> after,
            int count) throws IOException {
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            Query clause = i == words.size() - 1 && lastIsPrefix
                    ? new PrefixQuery(new Term(TEXT, word))
                    : new TermQuery(new Term(TEXT, word));
            query.add(clause, BooleanClause.Occur.FILTER);
        }
        if (words.isEmpty()) {
            query.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
        }
        filter.repository().ifPresent(value -> exact(query, "repository", value.value()));
        filter.branch().ifPresent(value -> exact(query, "branch", value));
        filter.job().ifPresent(value -> exact(query, "job", value));
        filter.release().ifPresent(value -> exact(query, "release", value));
        filter.outcome().ifPresent(value -> exact(query, "outcome", value.wireName()));
        if (filter.from().isPresent() || filter.to().isPresent()) {
            long from = filter.from().map(instant -> instant.toEpochMilli()).orElse(Long.MIN_VALUE);
            long to = filter.to().map(instant -> instant.toEpochMilli() - 1).orElse(Long.MAX_VALUE);
            query.add(LongField.newRangeQuery(TIME, from, to), BooleanClause.Occur.FILTER);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            org.apache.lucene.search.TopDocs top = after.isPresent()
                    ? searcher.searchAfter(after.get(), query.build(), count, NEWEST_FIRST)
                    : searcher.search(query.build(), count, NEWEST_FIRST);
            StoredFields stored = searcher.storedFields();
            List<Candidate> candidates = new ArrayList<>(top.scoreDocs.length);
            for (ScoreDoc hit : top.scoreDocs) {
                Document document = stored.document(hit.doc);
                candidates.add(new Candidate(Long.parseLong(document.get(LOG)),
                        document.getField(BLOCK).numericValue().intValue(), (FieldDoc) hit));
            }
            return candidates;
        } finally {
            searchers.release(searcher);
        }
    }

    private static void exact(BooleanQuery.Builder query, String field, String value) {
        query.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER);
    }

    /** Whether any searchable block holds {@code word}. */
    boolean knows(String word) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().docFreq(new Term(TEXT, word)) > 0;
        } finally {
            searchers.release(searcher);
        }
    }

    /** How many blocks are searchable. */
    int blocks() throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.getIndexReader().numDocs();
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
