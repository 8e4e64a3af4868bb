package dev.mainline.server.http;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns every failure into an RFC 9457 problem response with a stable error code. */
@RestControllerAdvice
public class ApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final ApiMetrics metrics;

    public ApiExceptionHandler(ApiMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @ExceptionHandler(MainlineException.class)
    public ResponseEntity<Problem> mainline(MainlineException e, HttpServletRequest request) {
        return problem(e.errorCode(), e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MainlineException mainline) {
                return problem(mainline.errorCode(), mainline.getMessage(), request);
            }
            if (cause instanceof RequestTooLargeException tooLarge) {
                return problem(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), request);
            }
        }
        return problem(ErrorCode.MALFORMED_REQUEST, describe(e), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Problem> unsupportedMediaType(HttpMediaTypeNotSupportedException e,
            HttpServletRequest request) {
        return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "content type %s is not supported; send application/json".formatted(e.getContentType()), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "this endpoint answers application/json only", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Problem> methodNotAllowed(HttpRequestMethodNotSupportedException e,
            HttpServletRequest request) {
        return problem(ErrorCode.METHOD_NOT_ALLOWED,
                "%s is not allowed on %s".formatted(e.getMethod(), request.getRequestURI()), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Problem> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return problem(ErrorCode.NOT_FOUND, "there is no endpoint at %s".formatted(request.getRequestURI()), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    public ResponseEntity<Problem> missingParameter(MissingServletRequestParameterException e,
            HttpServletRequest request) {
        return problem(ErrorCode.INVALID_ARGUMENT, "query parameter '%s' is required".formatted(e.getParameterName()),
                request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MainlineException mainline) {
                return problem(mainline.errorCode(), mainline.getMessage(), request);
            }
        }
        String type = e.getRequiredType() == null ? "a different type" : e.getRequiredType().getSimpleName();
        return problem(ErrorCode.INVALID_ARGUMENT, "parameter '%s' must be %s".formatted(e.getName(), type), request);
    }

    /** Tomcat refuses query strings it cannot decode (such as a stray '%') when they are first read. */
    @ExceptionHandler(InvalidParameterException.class)
    public ResponseEntity<Problem> undecodableParameters(InvalidParameterException e, HttpServletRequest request) {
        return problem(ErrorCode.INVALID_ARGUMENT, "the query string cannot be decoded: escape '%' as '%25'", request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected failure on {} {} (reference {})", request.getMethod(), request.getRequestURI(),
                reference, e);
        return problem(ErrorCode.INTERNAL,
                "internal error; the server log has the details under reference " + reference,
                request);
    }

    ResponseEntity<Problem> problem(ErrorCode code, String detail, HttpServletRequest request) {
        metrics.problem(code);
        Problem problem = Problem.of(code, detail, request.getRequestURI());
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.status())
                .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE));
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer realm=\"mainline\"");
        }
        return builder.body(problem);
    }

    /** Says what is wrong with a body without echoing it back. */
    private static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ", "; known fields: ", ""));
            return "unknown field '%s'%s".formatted(unknown.getPropertyName(), known);
        }
        if (cause instanceof JacksonException jackson) {
            String path = jackson.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName()
                            : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String where = path.isEmpty() ? "" : " at field '" + path + "'";
            return "request body is not valid%s: %s".formatted(where, firstLine(jackson.getOriginalMessage()));
        }
        if (cause == null) {
            return "request body is missing or empty; send a JSON object";
        }
        return "request body is not valid JSON";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
