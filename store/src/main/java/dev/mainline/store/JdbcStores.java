package dev.mainline.store;

import dev.mainline.common.Stores;

/** Builds every store port on one started {@link Database}. */
public final class JdbcStores {
    private JdbcStores() {
    }

    public static Stores create(Database database) {
        JdbcTransactions transactions = new JdbcTransactions(database);
        Jdbc jdbc = new Jdbc(database, transactions);
        return new Stores(new JdbcUserStore(jdbc), new JdbcGrantStore(jdbc), new JdbcTokenStore(jdbc),
                new JdbcBootstrapStore(jdbc), new JdbcAuditLog(jdbc), new JdbcAppStore(jdbc),
                new JdbcSourceRepositoryStore(jdbc), new JdbcPullRequestStore(jdbc), new JdbcInboxStore(jdbc),
                new JdbcTestResultStore(jdbc, transactions), new JdbcLogStore(jdbc, transactions),
                new JdbcReleaseStore(jdbc), new JdbcQueueCiRunStore(jdbc, transactions), transactions);
    }
}
