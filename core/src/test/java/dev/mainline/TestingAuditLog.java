package dev.mainline;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditLog;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.util.ArrayList;
import java.util.List;

/** An audit log in a list that also notes, for each entry, whether it was appended inside a transaction. */
public final class TestingAuditLog implements AuditLog {
    private final TestingTransactions transactions;
    private final List<Entry> entries = new ArrayList<>();

    /** An appended event and whether a transaction was running when it was appended. */
    public record Entry(AuditEvent event, boolean inTransaction) {
        public Entry {
            requireNonNull(event, "event is null");
        }

        public AuditRecord record() {
            return event.record();
        }
    }

    public TestingAuditLog(TestingTransactions transactions) {
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public AuditEvent append(AuditRecord record) {
        AuditEvent event = new AuditEvent(entries.size() + 1, record);
        entries.add(new Entry(event, transactions.isActive()));
        return event;
    }

    @Override
    public Page<AuditEvent> list(AuditQuery query, PageRequest page) {
        long before = page.after().map(cursor -> cursor.position()).orElse(Long.MAX_VALUE);
        List<AuditEvent> rows = entries.reversed().stream()
                .map(Entry::event)
                .filter(event -> event.id() < before && query.matches(event.record()))
                .limit(page.limit() + 1L)
                .toList();
        return Page.fromRows(rows, page.limit(), AuditEvent::id);
    }

    /** Every entry, oldest first. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<AuditRecord> records() {
        return entries.stream().map(Entry::record).toList();
    }

    public Entry lastEntry() {
        if (entries.isEmpty()) {
            throw new AssertionError("the audit log is empty");
        }
        return entries.getLast();
    }

    public AuditRecord last() {
        return lastEntry().record();
    }

    public int size() {
        return entries.size();
    }
}
