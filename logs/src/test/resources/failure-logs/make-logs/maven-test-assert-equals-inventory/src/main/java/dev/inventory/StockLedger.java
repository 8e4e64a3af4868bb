package dev.inventory;

import java.util.HashMap;
import java.util.Map;

public class StockLedger {
    private final Map<String, Integer> onHand = new HashMap<>();
    private final Map<String, Integer> reserved = new HashMap<>();

    public void receive(String sku, int quantity) {
        onHand.merge(sku, quantity, Integer::sum);
    }

    public void reserve(String sku, int quantity) {
        if (available(sku) < quantity) {
            throw new IllegalArgumentException("not enough stock for " + sku);
        }
        reserved.merge(sku, quantity, Integer::sum);
    }

    public int available(String sku) {
        // BUG: reservations are not subtracted
        return onHand.getOrDefault(sku, 0);
    }
}
