package dev.mainline.server.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestService;
import dev.mainline.pullrequest.PullRequestState;
import dev.mainline.server.http.PageResponse;
import dev.mainline.server.http.Requests;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The pull requests of a local repository: open one from a branch, list, read, close. */
@RestController
@RequestMapping(path = "/api/v1/repositories/{owner}/{name}/pull-requests", produces = "application/json")
public class PullRequestController {
    private final PullRequestService pullRequests;

    public PullRequestController(PullRequestService pullRequests) {
        this.pullRequests = requireNonNull(pullRequests, "pullRequests is null");
    }

    record PullRequestView(String repository, int number, String branch, String title, String author, String state,
            Instant openedAt, Instant updatedAt) {
        static PullRequestView of(PullRequest pull) {
            return new PullRequestView(pull.repository().value(), pull.number(), pull.branch(), pull.title(),
                    pull.author(), pull.state().key(), pull.openedAt(), pull.updatedAt());
        }
    }

    record OpenRequest(String branch, String title) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    public PullRequestView open(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestBody OpenRequest request) {
        Requests.required(request, "body");
        return PullRequestView.of(pullRequests.open(actor, repository(owner, name),
                QueueController.branch(request.branch()), Optional.ofNullable(request.title())));
    }

    @GetMapping
    public PageResponse<PullRequestView> list(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestParam(required = false) String state, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return PageResponse.of(pullRequests.list(actor, repository(owner, name),
                Optional.ofNullable(state).map(PullRequestState::fromKey), PageResponse.request(cursor, limit)),
                PullRequestView::of);
    }

    @GetMapping("/{number}")
    public PullRequestView get(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable int number) {
        return PullRequestView.of(pullRequests.get(actor, repository(owner, name), number));
    }

    @PostMapping("/{number}/close")
    public PullRequestView close(Actor actor, @PathVariable String owner, @PathVariable String name,
            @PathVariable int number) {
        return PullRequestView.of(pullRequests.close(actor, repository(owner, name), number));
    }

    private static RepositoryName repository(String owner, String name) {
        return new RepositoryName(owner + "/" + name);
    }
}
