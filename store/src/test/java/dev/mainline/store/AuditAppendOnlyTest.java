package dev.mainline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainline.audit.AuditQuery;
import dev.mainline.audit.AuditRecord;
import dev.mainline.audit.Channel;
import dev.mainline.audit.Outcome;
import dev.mainline.common.PageRequest;
import dev.mainline.common.Stores;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The database itself refuses to change or remove audit entries, whatever SQL reaches it. */
class AuditAppendOnlyTest {
    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("h2", (Supplier<TestingDatabases.TestingDatabase>) TestingDatabases::h2),
                Arguments.of("postgresql", (Supplier<TestingDatabases.TestingDatabase>) TestingDatabases::postgres));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void auditEntriesCannotBeUpdatedOrDeleted(String name, Supplier<TestingDatabases.TestingDatabase> factory)
            throws SQLException {
        try (TestingDatabases.TestingDatabase testing = factory.get()) {
            Stores stores = JdbcStores.create(testing.database());
            stores.auditLog().append(new AuditRecord(Instant.parse("2026-01-01T00:00:00Z"), "ada", Optional.of(1L),
                    Channel.API, "user.create", "user:bob", Outcome.SUCCEEDED, "created"));

            try (Connection connection = testing.database().dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_events SET actor = 'mallory'"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
                assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_events"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
            assertThat(stores.auditLog().list(AuditQuery.all(), PageRequest.firstPage()).items())
                    .singleElement()
                    .satisfies(event -> assertThat(event.record().actor()).isEqualTo("ada"));
        }
    }
}
