package dev.mainline.server.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.identity.Actor;
import dev.mainline.identity.Permission;
import dev.mainline.identity.Role;
import dev.mainline.identity.Scope;
import dev.mainline.identity.TokenRequest;
import dev.mainline.identity.TokenService;
import dev.mainline.server.http.Requests;
import dev.mainline.server.identity.UserViews.MintTokenRequest;
import dev.mainline.server.identity.UserViews.MintedTokenView;
import dev.mainline.server.identity.UserViews.TokenView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/users/{login}/tokens", produces = "application/json")
public class TokenController {
    private final TokenService tokens;

    public TokenController(TokenService tokens) {
        this.tokens = requireNonNull(tokens, "tokens is null");
    }

    @GetMapping
    public List<TokenView> list(Actor actor, @PathVariable String login) {
        return tokens.list(actor, login).stream().map(TokenView::of).toList();
    }

    /** Mints a token. Without {@code scopes} it may do whatever its user may; the secret is in this response only. */
    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public MintedTokenView mint(Actor actor, @PathVariable String login, @RequestBody MintTokenRequest request) {
        Requests.required(request, "body");
        List<Permission> scopes = request.scopes() == null
                ? List.of(Permission.of(Role.ADMIN, Scope.global()))
                : Requests.requiredList(request.scopes(), "scopes", TokenRequest.MAX_SCOPES).stream()
                        .map(Permission::parse)
                        .toList();
        Optional<Duration> lifetime = Optional.ofNullable(request.expiresInDays()).map(days -> {
            if (days < 1) {
                throw MainlineException.invalid("expiresInDays must be at least 1, got %d", days);
            }
            return Duration.ofDays(days);
        });
        return MintedTokenView.of(tokens.mint(actor, login, new TokenRequest(request.name(), scopes, lifetime)));
    }

    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(Actor actor, @PathVariable String login, @PathVariable long tokenId) {
        tokens.revoke(actor, login, tokenId);
    }
}
