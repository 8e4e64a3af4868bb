package dev.mainline.server.slack;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.slack.SlackApp;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where Slack sends slash commands, interactions and events (one Request URL for all three). No API token here: Slack
 * signs each request with the app's signing secret, checked before anything is read; forged, stale and replayed
 * requests get 401. Everything else is acknowledged at once and worked on after.
 */
@RestController
public class SlackController {
    public static final String PATH = "/api/v1/slack/events";

    private final SlackWiring.SlackConnection slack;

    public SlackController(SlackWiring.SlackConnection slack) {
        this.slack = requireNonNull(slack, "slack is null");
    }

    /**
     * The body is read raw from the request: the signature is over Slack's exact bytes, which Spring would rebuild
     * (and re-encode) from a form's parameters.
     */
    @PostMapping(path = PATH)
    public ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        SlackApp app = slack.app().orElseThrow(() -> MainlineException.notFound(
                "the Slack app is not configured on this server: set mainline.slack.bot-token and"
                        + " mainline.slack.signing-secret (docs/configuration.md)"));
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        SlackApp.Answer answer = app.handle(request.getRequestURI(), headers, body, request.getRemoteAddr());
        HttpHeaders out = new HttpHeaders();
        answer.headers().forEach(out::addAll);
        if (answer.contentType() != null && !answer.contentType().equals("null")) {
            out.setContentType(MediaType.parseMediaType(answer.contentType()));
        }
        return ResponseEntity.status(answer.status()).headers(out).body(answer.body());
    }
}
