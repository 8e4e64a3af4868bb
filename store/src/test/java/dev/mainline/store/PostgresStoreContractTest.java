package dev.mainline.store;

import dev.mainline.common.Stores;
import dev.mainline.testing.StoreContract;

class PostgresStoreContractTest extends StoreContract {
    private TestingDatabases.TestingDatabase database;

    @Override
    protected Stores newStores() {
        database = TestingDatabases.postgres();
        return JdbcStores.create(database.database());
    }

    @Override
    protected void closeStores() {
        database.close();
    }
}
