package dev.mainline.testing;

import dev.mainline.common.Stores;

/** The in-memory fake passes the same contract as the real stores, so core tests that use it can be trusted. */
class InMemoryStoresTest extends StoreContract {
    @Override
    protected Stores newStores() {
        return new InMemoryStores().stores();
    }
}
