package dev.checkout;

import java.math.BigDecimal;
import java.util.Map;

public class CouponService {
    private static final Map<String, BigDecimal> DISCOUNTS = Map.of(
            "SPRING10", new BigDecimal("0.10"),
            "VIP25", new BigDecimal("0.25"));

    // @@PAD@@
    public BigDecimal applyCoupon(BigDecimal price, String coupon) {
        String code = coupon.trim().toUpperCase();
        BigDecimal discount = DISCOUNTS.getOrDefault(code, BigDecimal.ZERO);
        return price.subtract(price.multiply(discount));
    }
}
