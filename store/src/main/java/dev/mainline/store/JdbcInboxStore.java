package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.inbox.InboxMessage;
import dev.mainline.inbox.InboxStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

final class JdbcInboxStore implements InboxStore {
    private static final String COLUMNS = "source, message_id, kind, payload, received_at, done_at, outcome";

    private final Jdbc jdbc;

    JdbcInboxStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public boolean accept(InboxMessage message) {
        return jdbc.insertUnlessPresent("INSERT INTO inbox_messages (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                message.source(), message.id(), message.kind(), message.payload(), message.receivedAt(),
                message.doneAt(), message.outcome());
    }

    @Override
    public Optional<InboxMessage> find(String source, String id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM inbox_messages WHERE source = ? AND message_id = ?",
                JdbcInboxStore::message, source, id);
    }

    @Override
    public List<InboxMessage> pending(String source, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inbox_messages WHERE source = ? AND done_at IS NULL"
                + " ORDER BY received_at, message_id LIMIT ?", JdbcInboxStore::message, source, limit);
    }

    @Override
    public boolean reopen(String source, String id, byte[] payload) {
        return jdbc.update("UPDATE inbox_messages SET done_at = NULL, outcome = NULL, payload = ?"
                + " WHERE source = ? AND message_id = ?", payload, source, id) == 1;
    }

    @Override
    public void done(String source, String id, Instant at, String outcome) {
        jdbc.update("UPDATE inbox_messages SET done_at = ?, outcome = ? WHERE source = ? AND message_id = ?", at,
                InboxMessage.outcome(outcome), source, id);
    }

    @Override
    public int clearHandledPayloadsBefore(Instant cutoff) {
        return jdbc.update("UPDATE inbox_messages SET payload = ? WHERE done_at IS NOT NULL AND received_at < ?"
                + " AND OCTET_LENGTH(payload) > 0", new byte[0], cutoff);
    }

    private static InboxMessage message(ResultSet row) throws SQLException {
        return new InboxMessage(row.getString("source"), row.getString("message_id"), row.getString("kind"),
                row.getBytes("payload"), Jdbc.instant(row, "received_at"),
                Optional.ofNullable(Jdbc.instant(row, "done_at")), Jdbc.optionalString(row, "outcome"));
    }
}
