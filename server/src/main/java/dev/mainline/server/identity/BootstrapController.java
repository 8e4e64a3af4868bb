package dev.mainline.server.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.Channel;
import dev.mainline.identity.BootstrapService;
import dev.mainline.identity.NewUser;
import dev.mainline.server.http.Requests;
import dev.mainline.server.http.TokenAuthenticationFilter;
import dev.mainline.server.identity.UserViews.MintedTokenView;
import dev.mainline.server.identity.UserViews.UserView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Creates the first administrator with the one-time token from the data directory. Public: it carries its own secret. */
@RestController
@RequestMapping(path = "/api/v1/bootstrap", produces = "application/json")
public class BootstrapController {
    private final BootstrapService bootstrap;
    private final BootstrapWindow window;

    public BootstrapController(BootstrapService bootstrap, BootstrapWindow window) {
        this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
        this.window = requireNonNull(window, "window is null");
    }

    record BootstrapRequest(String bootstrapToken, String login, String displayName, String githubLogin,
            String slackUserId, String email) {
    }

    record BootstrapView(UserView admin, MintedTokenView token) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public BootstrapView bootstrap(@RequestBody BootstrapRequest request,
            @RequestHeader(name = TokenAuthenticationFilter.CHANNEL_HEADER, required = false) String channel) {
        Requests.required(request, "body");
        NewUser admin = new NewUser(request.login(), request.displayName(),
                UserViews.handles(request.githubLogin(), request.slackUserId(), request.email()));
        BootstrapService.Result result = bootstrap.complete(
                Requests.required(request.bootstrapToken(), "bootstrapToken"),
                admin, "cli".equalsIgnoreCase(channel) ? Channel.CLI : Channel.API);
        window.closed();
        return new BootstrapView(UserView.of(result.admin()), MintedTokenView.of(result.token()));
    }
}
