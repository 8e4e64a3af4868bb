package dev.mainline.server.http;

import dev.mainline.identity.TokenService;
import dev.mainline.server.config.MainlineProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The API's filters (size limit first, then authentication) and the actor parameter. */
@Configuration(proxyBeanMethods = false)
public class WebWiring implements WebMvcConfigurer {
    private static final String API_PATTERN = "/api/v1/*";

    @Bean
    public FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(MainlineProperties properties,
            ProblemWriter problems) {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(properties.http().maxRequestSize().toBytes(), java.util.Map.of(
                        "/api/v1/test-runs", properties.testAnalytics().maxUploadSize().toBytes(), "/api/v1/logs",
                        properties.logs().maxUploadSize().toBytes()), problems));
        registration.addUrlPatterns(API_PATTERN);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    public FilterRegistrationBean<TokenAuthenticationFilter> tokenAuthenticationFilter(TokenService tokenService,
            ProblemWriter problems, MeterRegistry registry) {
        FilterRegistrationBean<TokenAuthenticationFilter> registration = new FilterRegistrationBean<>(
                new TokenAuthenticationFilter(tokenService, problems, registry));
        registration.addUrlPatterns(API_PATTERN);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CurrentActorResolver());
    }
}
