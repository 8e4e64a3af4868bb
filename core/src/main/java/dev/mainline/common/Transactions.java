package dev.mainline.common;

import java.util.function.Supplier;

/**
 * Runs work atomically across stores: either every write inside happens, or none does. Nested calls join the
 * enclosing transaction.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
