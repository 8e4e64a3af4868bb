package dev.crm;

public record Customer(String id, String name, String email) {
}
