package dev.mainline.server.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.identity.Actor;
import dev.mainline.identity.GrantService;
import dev.mainline.identity.Permission;
import dev.mainline.identity.UserService;
import dev.mainline.server.http.PageResponse;
import dev.mainline.server.http.Requests;
import dev.mainline.server.identity.UserViews.CreateUserRequest;
import dev.mainline.server.identity.UserViews.GrantView;
import dev.mainline.server.identity.UserViews.MeView;
import dev.mainline.server.identity.UserViews.UpdateUserRequest;
import dev.mainline.server.identity.UserViews.UserView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
public class UserController {
    private final UserService users;
    private final GrantService grants;

    public UserController(UserService users, GrantService grants) {
        this.users = requireNonNull(users, "users is null");
        this.grants = requireNonNull(grants, "grants is null");
    }

    /** Who the token belongs to, what they may do, and what the token itself is limited to. */
    @GetMapping("/me")
    public MeView me(Actor actor) {
        UserView user = UserView.of(users.get(actor, actor.login()));
        return new MeView(user, grants.list(actor, actor.login()).stream().map(GrantView::of).toList(),
                actor.token().map(Actor.TokenRestriction::name).orElse(null),
                actor.token().map(token -> token.scopes().stream().map(Permission::toString).toList()).orElse(null));
    }

    @PostMapping(path = "/users", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public UserView create(Actor actor, @RequestBody CreateUserRequest request) {
        return UserView.of(users.create(actor, Requests.required(request, "body").toNewUser()));
    }

    @GetMapping("/users")
    public PageResponse<UserView> list(Actor actor, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return PageResponse.of(users.list(actor, PageResponse.request(cursor, limit)), UserView::of);
    }

    @GetMapping("/users/{login}")
    public UserView get(Actor actor, @PathVariable String login) {
        return UserView.of(users.get(actor, login));
    }

    @PatchMapping(path = "/users/{login}", consumes = "application/json")
    public UserView update(Actor actor, @PathVariable String login, @RequestBody UpdateUserRequest request) {
        return UserView.of(users.update(actor, login, Requests.required(request, "body").toUpdate()));
    }
}
