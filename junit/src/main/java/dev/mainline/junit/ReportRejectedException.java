package dev.mainline.junit;

/** A report that is not one, or that is hostile or too large; the message names the file and, where known, the line. */
public final class ReportRejectedException extends RuntimeException {
    public ReportRejectedException(String message) {
        super(message);
    }
}
