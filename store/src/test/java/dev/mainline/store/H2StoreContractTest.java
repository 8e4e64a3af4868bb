package dev.mainline.store;

import dev.mainline.common.Stores;
import dev.mainline.testing.StoreContract;

class H2StoreContractTest extends StoreContract {
    private TestingDatabases.TestingDatabase database;

    @Override
    protected Stores newStores() {
        database = TestingDatabases.h2();
        return JdbcStores.create(database.database());
    }

    @Override
    protected void closeStores() {
        database.close();
    }
}
