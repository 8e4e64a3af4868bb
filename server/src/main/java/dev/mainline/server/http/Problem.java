package dev.mainline.server.http;

import dev.mainline.common.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * An RFC 9457 problem response. {@code type} is a URN per error code, {@code code} repeats the stable code as an
 * extension member so clients need not parse the URN.
 */
public record Problem(String type, String title, int status, String detail, String instance, String code) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode errorCode, String detail, String instance) {
        HttpStatus status = status(errorCode);
        return new Problem("urn:mainline:problem:" + errorCode.code(), status.getReasonPhrase(), status.value(), detail,
                instance, errorCode.code());
    }

    public static HttpStatus status(ErrorCode errorCode) {
        return switch (errorCode.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }
}
