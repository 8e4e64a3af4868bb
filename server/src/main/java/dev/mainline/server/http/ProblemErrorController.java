package dev.mainline.server.http;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors the servlet container reports itself (a request it refused before Spring MVC saw it) come back as problem
 * responses too, not as HTML pages.
 */
@RestController
public class ProblemErrorController implements ErrorController {
    private final ApiExceptionHandler handler;

    public ProblemErrorController(ApiExceptionHandler handler) {
        this.handler = requireNonNull(handler, "handler is null");
    }

    @RequestMapping("/error")
    public ResponseEntity<Problem> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int code = status instanceof Integer value ? value : 500;
        ErrorCode errorCode = switch (code) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> code >= 500 ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_REQUEST;
        };
        return handler.problem(errorCode, "the request was refused (HTTP %d)".formatted(code), request);
    }
}
