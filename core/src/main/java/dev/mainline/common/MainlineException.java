package dev.mainline.common;

import static java.util.Objects.requireNonNull;

/** The one exception type of the domain: an error code and a message that names the field, the value and why. */
public class MainlineException extends RuntimeException {
    private final ErrorCode errorCode;

    public MainlineException(ErrorCode errorCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public MainlineException(ErrorCode errorCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
    }

    public static MainlineException invalid(String format, Object... arguments) {
        return new MainlineException(ErrorCode.INVALID_ARGUMENT, format.formatted(arguments));
    }

    public static MainlineException notFound(String format, Object... arguments) {
        return new MainlineException(ErrorCode.NOT_FOUND, format.formatted(arguments));
    }

    public static MainlineException alreadyExists(String format, Object... arguments) {
        return new MainlineException(ErrorCode.ALREADY_EXISTS, format.formatted(arguments));
    }

    public static MainlineException queueNotRunning(String format, Object... arguments) {
        return new MainlineException(ErrorCode.QUEUE_NOT_RUNNING, format.formatted(arguments));
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
