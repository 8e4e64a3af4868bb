package dev.mainline.server.http;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Metrics of the HTTP API: problems by stable error code (so a dashboard can tell refusals from bugs). */
@Component
public class ApiMetrics {
    private final Map<ErrorCode, Counter> problems = new EnumMap<>(ErrorCode.class);

    public ApiMetrics(MeterRegistry registry) {
        requireNonNull(registry, "registry is null");
        for (ErrorCode code : ErrorCode.values()) {
            problems.put(code, Counter.builder("mainline.api.problems")
                    .description("Problem responses sent, by error code")
                    .tag("code", code.code())
                    .register(registry));
        }
    }

    public void problem(ErrorCode code) {
        problems.get(code).increment();
    }
}
