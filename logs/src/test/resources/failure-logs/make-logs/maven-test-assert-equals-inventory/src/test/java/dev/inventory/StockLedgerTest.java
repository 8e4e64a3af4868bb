package dev.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class StockLedgerTest {

    @Test
    void receiveAddsStock() {
        StockLedger ledger = new StockLedger();
        ledger.receive("SKU-1", 5);
        assertEquals(5, ledger.available("SKU-1"));
    }

    // @@PAD@@
    @Test
    void reserveDecrementsAvailableStock() {
        String warehouse = "wh-" + ThreadLocalRandom.current().nextInt(100, 1000);
        StockLedger ledger = new StockLedger();
        ledger.receive("SKU-7731", 10);
        ledger.reserve("SKU-7731", 3);
        assertEquals(7, ledger.available("SKU-7731"), () -> "available stock in " + warehouse);
    }
}
