package dev.mainline.server.http;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem responses from servlet filters, which run before Spring MVC's exception handling. */
@Component
public class ProblemWriter {
    private final JsonMapper jsonMapper;
    private final ApiMetrics metrics;

    public ProblemWriter(JsonMapper jsonMapper, ApiMetrics metrics) {
        this.jsonMapper = requireNonNull(jsonMapper, "jsonMapper is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode errorCode, String detail)
            throws IOException {
        Problem problem = Problem.of(errorCode, detail, request.getRequestURI());
        metrics.problem(errorCode);
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        if (problem.status() == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"mainline\"");
        }
        jsonMapper.writeValue(response.getOutputStream(), problem);
    }
}
