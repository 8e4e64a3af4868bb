package dev.shipping;

import java.math.BigDecimal;
import java.math.RoundingMode;

public class ShippingQuote {
    private final BigDecimal ratePerKg;
    private final BigDecimal handlingFee;

    public ShippingQuote(BigDecimal ratePerKg, BigDecimal handlingFee) {
        this.ratePerKg = ratePerKg;
        this.handlingFee = handlingFee;
    }

    // @@PAD@@
    public BigDecimal quote(BigDecimal weightKg) {
        BigDecimal base = ratePerKg.multiply(weightKg)
        return base.add(handlingFee).setScale(2, RoundingMode.HALF_UP);
    }
}
