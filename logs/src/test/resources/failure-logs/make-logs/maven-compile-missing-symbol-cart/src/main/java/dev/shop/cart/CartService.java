package dev.shop.cart;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

public class CartService {
    private final List<LineItem> items = new ArrayList<>();

    public void add(LineItem item) {
        items.add(item);
    }

    // @@PAD@@
    public BigDecimal total() {
        BigDecimal sum = BigDecimal.ZERO;
        for (LineItem item : items) {
            sum = sum.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
        return sum.subtract(sum.multiply(discountRate)).setScale(2, RoundingMode.HALF_UP);
    }
}
