package dev.billing;

import java.time.format.DateTimeFormatter;

public final class InvoiceRenderer {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    public String renderHeader(Invoice invoice) {
        return "Invoice " + invoice.number() + " for " + invoice.customer();
    }

    // @@PAD@@
    public String renderSummary(Invoice invoice) {
        StringBuilder out = new StringBuilder(renderHeader(invoice));
        out.append('\n').append("Issued: ").append(DATE.format(invoice.issued()));
        out.append('\n').append("Amount due: ").append(formatCurrency(invoice.total()));
        return out.toString();
    }
}
