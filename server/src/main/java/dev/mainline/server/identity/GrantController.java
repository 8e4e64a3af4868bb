package dev.mainline.server.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.Actor;
import dev.mainline.identity.GrantService;
import dev.mainline.server.http.Requests;
import dev.mainline.server.identity.UserViews.GrantRequest;
import dev.mainline.server.identity.UserViews.GrantView;
import java.util.List;
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
@RequestMapping(path = "/api/v1/users/{login}/grants", produces = "application/json")
public class GrantController {
    private final GrantService grants;

    public GrantController(GrantService grants) {
        this.grants = requireNonNull(grants, "grants is null");
    }

    @GetMapping
    public List<GrantView> list(Actor actor, @PathVariable String login) {
        return grants.list(actor, login).stream().map(GrantView::of).toList();
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public GrantView grant(Actor actor, @PathVariable String login, @RequestBody GrantRequest request) {
        return GrantView.of(grants.grant(actor, login, Requests.required(request, "body").toPermission()));
    }

    @DeleteMapping("/{grantId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void revoke(Actor actor, @PathVariable String login, @PathVariable long grantId) {
        grants.revoke(actor, login, grantId);
    }
}
