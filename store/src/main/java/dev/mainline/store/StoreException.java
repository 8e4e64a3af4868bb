package dev.mainline.store;

/** A database failure that is not the caller's fault (lost connection, broken schema): an I/O error, not a result. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
