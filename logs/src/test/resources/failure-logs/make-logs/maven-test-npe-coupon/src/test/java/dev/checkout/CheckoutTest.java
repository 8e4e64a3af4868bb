package dev.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CheckoutTest {
    private final CouponService coupons = new CouponService();

    @Test
    void vipCouponTakesQuarterOff() {
        assertEquals(0, new BigDecimal("75").compareTo(coupons.applyCoupon(new BigDecimal("100"), "vip25")));
    }

    @Test
    void checkoutWithoutCouponKeepsPrice() {
        String coupon = null; // the basket had no coupon
        BigDecimal price = coupons.applyCoupon(new BigDecimal("42.00"), coupon);
        assertEquals(new BigDecimal("42.00"), price);
    }
}
