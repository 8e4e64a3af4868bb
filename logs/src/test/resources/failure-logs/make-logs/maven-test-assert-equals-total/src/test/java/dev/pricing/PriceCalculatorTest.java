package dev.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PriceCalculatorTest {
    private final PriceCalculator calculator = new PriceCalculator(new BigDecimal("0.19"));

    @Test
    void netMultipliesQuantity() {
        assertEquals(new BigDecimal("50.00"), calculator.net(new BigDecimal("12.50"), 4));
    }

    // @@PAD@@
    @Test
    void totalIncludesVat() {
        String orderId = "ord-" + UUID.randomUUID().toString().substring(0, 8);
        BigDecimal total = calculator.totalWithVat(new BigDecimal("25.00"), 4);
        assertEquals(new BigDecimal("119.00"), total, "total for order " + orderId);
    }
}
