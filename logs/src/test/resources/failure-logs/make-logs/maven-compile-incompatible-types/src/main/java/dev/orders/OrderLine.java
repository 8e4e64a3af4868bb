package dev.orders;

public record OrderLine(String orderId, String sku, int quantity) {
}
