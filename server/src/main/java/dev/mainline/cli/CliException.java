package dev.mainline.cli;

/** A failure the CLI reports as one line on standard error, with the exit code to end with. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
