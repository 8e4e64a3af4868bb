package dev.mainline.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2's half of the append-only audit log (PostgreSQL's is a PL/pgSQL trigger): refuses every update and delete. */
public final class AuditAppendOnlyTrigger implements Trigger {
    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("audit_events is append-only: entries cannot be changed or removed", "42501");
    }
}
