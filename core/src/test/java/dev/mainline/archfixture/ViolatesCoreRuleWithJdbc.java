package dev.mainline.archfixture;

import java.sql.Connection;
import java.sql.SQLException;

/** Breaks the core's plain-Java rule on purpose by using JDBC, so the rule's own test can watch it fail. */
public final class ViolatesCoreRuleWithJdbc {
    public boolean isUsable(Connection connection) throws SQLException {
        return !connection.isClosed();
    }
}
