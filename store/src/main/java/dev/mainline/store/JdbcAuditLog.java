package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.AuditEvent;
import dev.mainline.audit.AuditLog;
import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcAuditLog implements AuditLog {
    private static final String COLUMNS = "id, occurred_at, actor, actor_user_id, channel, action, target, outcome, detail";

    private final Jdbc jdbc;

    JdbcAuditLog(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public AuditEvent append(AuditRecord record) {
        long id = jdbc.insert("""
                INSERT INTO audit_events (occurred_at, actor, actor_user_id, channel, action, target, outcome, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                record.occurredAt(), record.actor(), record.actorUserId(), record.channel().key(), record.action(),
                record.target(), record.outcome().key(), record.detail());
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM audit_events WHERE id = ?", JdbcAuditLog::event, id)
                .orElseThrow();
    }

    @Override
    public Page<AuditEvent> list(AuditQuery query, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE id < ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(page.after().map(cursor -> cursor.position()).orElse(Long.MAX_VALUE));
        filter(sql, parameters, "actor = ?", query.actor());
        filter(sql, parameters, "action = ?", query.action());
        filter(sql, parameters, "target = ?", query.target());
        filter(sql, parameters, "outcome = ?", query.outcome().map(Outcome::key));
        filter(sql, parameters, "occurred_at >= ?", query.since());
        filter(sql, parameters, "occurred_at < ?", query.until());
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(page.limit() + 1);
        return Page.fromRows(jdbc.query(sql.toString(), JdbcAuditLog::event, parameters.toArray()), page.limit(),
                AuditEvent::id);
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String condition, Optional<?> value) {
        value.ifPresent(present -> {
            sql.append(" AND ").append(condition);
            parameters.add(present);
        });
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        long actorUserId = row.getLong("actor_user_id");
        Optional<Long> actorId = row.wasNull() ? Optional.empty() : Optional.of(actorUserId);
        return new AuditEvent(row.getLong("id"),
                new AuditRecord(Jdbc.instant(row, "occurred_at"), row.getString("actor"),
                        actorId, Channel.fromKey(row.getString("channel")), row.getString("action"),
                        row.getString("target"),
                        Outcome.fromKey(row.getString("outcome")), row.getString("detail")));
    }
}
