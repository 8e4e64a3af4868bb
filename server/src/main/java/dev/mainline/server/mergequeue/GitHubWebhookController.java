package dev.mainline.server.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import dev.mainline.github.GitHubWebhooks;
import dev.mainline.server.http.Problem;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where GitHub sends webhook deliveries. No API token here: a delivery proves where it came from with its
 * {@code X-Hub-Signature-256}. It is stored and answered at once (202), well within GitHub's 10 seconds; a delivery id
 * seen before is answered 200 and ignored.
 */
@RestController
public class GitHubWebhookController {
    public static final String PATH = "/api/v1/github/webhooks";

    private final QueueWiring.GitHubDeliveries deliveries;

    public GitHubWebhookController(QueueWiring.GitHubDeliveries deliveries) {
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
    }

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> receive(@RequestHeader(name = "X-GitHub-Event", required = false) String event,
            @RequestHeader(name = "X-GitHub-Delivery", required = false) String delivery,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
            @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        GitHubWebhooks webhooks = deliveries.webhooks().orElseThrow(() -> MainlineException.notFound(
                "GitHub mode is not configured on this server: set mainline.github.webhook-secret and "
                        + "mainline.github.token (docs/configuration.md)"));
        try {
            GitHubWebhooks.Receipt receipt = webhooks.receive(event, delivery, signature,
                    body == null ? new byte[0] : body);
            return switch (receipt) {
                case ACCEPTED -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(Map.of("delivery", delivery, "status", "accepted"));
                case DUPLICATE -> ResponseEntity.ok(Map.of("delivery", delivery, "status", "duplicate"));
            };
        } catch (GitHubWebhooks.SignatureRejectedException e) {
            Problem problem = Problem.of(ErrorCode.UNAUTHENTICATED, e.getMessage(), request.getRequestURI());
            return ResponseEntity.status(problem.status())
                    .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE)).body(problem);
        }
    }
}
