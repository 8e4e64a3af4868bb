package dev.mainline;

import dev.mainline.common.Transactions;
import java.util.function.Supplier;

/**
 * Runs the work directly and remembers whether it is running, so tests can tell that an audit entry was written inside
 * the transaction that made the change. It does not roll anything back.
 */
public final class TestingTransactions implements Transactions {
    private int depth;

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        depth++;
        try {
            return work.get();
        } finally {
            depth--;
        }
    }

    public boolean isActive() {
        return depth > 0;
    }
}
