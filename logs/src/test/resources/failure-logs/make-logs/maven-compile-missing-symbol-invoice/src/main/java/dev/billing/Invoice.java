package dev.billing;

import java.math.BigDecimal;
import java.time.LocalDate;

public record Invoice(String number, String customer, LocalDate issued, BigDecimal total) {
}
