package dev.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

public class PriceCalculator {
    private final BigDecimal vatRate;

    public PriceCalculator(BigDecimal vatRate) {
        this.vatRate = vatRate;
    }

    public BigDecimal net(BigDecimal unitPrice, int quantity) {
        return unitPrice.multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP);
    }

    public BigDecimal totalWithVat(BigDecimal unitPrice, int quantity) {
        BigDecimal net = net(unitPrice, quantity);
        // BUG: the VAT amount is computed but never added
        BigDecimal vat = net.multiply(vatRate);
        return net.setScale(2, RoundingMode.HALF_UP);
    }
}
