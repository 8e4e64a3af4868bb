package dev.shop.cart;

import java.math.BigDecimal;

public record LineItem(String sku, BigDecimal price, int quantity) {
}
