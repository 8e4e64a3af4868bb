package dev.mainline.store;

/** The database cannot be reached or migrated at start-up; the message says which (with any password masked) and why. */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
