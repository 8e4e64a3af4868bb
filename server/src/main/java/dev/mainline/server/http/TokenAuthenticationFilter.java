package dev.mainline.server.http;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.Channel;
import dev.mainline.common.ErrorCode;
import dev.mainline.identity.Authentication;
import dev.mainline.identity.TokenService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /api/v1} request by its bearer token, except the few public endpoints. Unauthenticated
 * requests get a 401 problem and reach no controller; nothing is written for them beyond a metric.
 */
public class TokenAuthenticationFilter extends OncePerRequestFilter {
    public static final String ACTOR_ATTRIBUTE = TokenAuthenticationFilter.class.getName() + ".actor";
    /** Set by the Mainline CLI so the audit log can tell its calls from other API clients. */
    public static final String CHANNEL_HEADER = "Mainline-Channel";

    private static final Set<String> PUBLIC_PATHS = Set.of("/api/v1/bootstrap", "/api/v1/openapi.json",
            // GitHub signs its deliveries instead; the endpoint checks the signature.
            "/api/v1/github/webhooks",
            // Slack signs its requests with the signing secret; the endpoint checks the signature.
            "/api/v1/slack/events");
    private static final String BEARER = "bearer ";

    private final TokenService tokenService;
    private final ProblemWriter problems;
    private final MeterRegistry registry;

    public TokenAuthenticationFilter(TokenService tokenService, ProblemWriter problems, MeterRegistry registry) {
        this.tokenService = requireNonNull(tokenService, "tokenService is null");
        this.problems = requireNonNull(problems, "problems is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return PUBLIC_PATHS.contains(path) || path.startsWith("/api/v1/openapi.json/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            refuse(request, response, ErrorCode.UNAUTHENTICATED,
                    "this endpoint needs an API token: send 'Authorization: Bearer <token>'");
            return;
        }
        if (!header.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
            refuse(request, response, ErrorCode.UNAUTHENTICATED,
                    "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <token>'");
            return;
        }
        String secret = header.substring(BEARER.length()).trim();
        switch (tokenService.authenticate(secret, channel(request))) {
            case Authentication.Authenticated authenticated -> {
                request.setAttribute(ACTOR_ATTRIBUTE, authenticated.actor());
                chain.doFilter(request, response);
            }
            case Authentication.Refused refused -> refuse(request, response, refused.errorCode(), refused.reason());
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String reason)
            throws IOException {
        registry.counter("mainline.authentication.failures", "code", code.code()).increment();
        problems.write(request, response, code, reason);
    }

    private static Channel channel(HttpServletRequest request) {
        String value = request.getHeader(CHANNEL_HEADER);
        if (value != null && value.equalsIgnoreCase(Channel.CLI.key())) {
            return Channel.CLI;
        }
        // Slack and GitHub calls arrive through their own adapters, never through a header a client could forge.
        return Channel.API;
    }
}
