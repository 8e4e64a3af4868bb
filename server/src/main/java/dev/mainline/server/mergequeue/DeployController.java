package dev.mainline.server.mergequeue;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.RepositoryName;
import dev.mainline.identity.Actor;
import dev.mainline.mergequeue.DeployReport;
import dev.mainline.mergequeue.MergeQueueService;
import dev.mainline.server.http.Requests;
import dev.mainline.server.mergequeue.QueueController.StatusView;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deploys of a repository's main branch, reported by its deploy pipeline: a production deploy lets the merge queue
 * merge again past its drift limit ({@code max_undeployed_merges}).
 */
@RestController
@RequestMapping(path = "/api/v1/repositories/{owner}/{name}/deploys", produces = "application/json")
public class DeployController {
    private final MergeQueueService queues;

    public DeployController(MergeQueueService queues) {
        this.queues = requireNonNull(queues, "queues is null");
    }

    record DeployRequest(String environment, String commit) {
    }

    /** The deploy as taken, how many merges not deployed it covered, and the queue after it. */
    record DeployView(String environment, String commit, int mergesDeployed, String detail, StatusView queue) {
        static DeployView of(DeployReport report) {
            return new DeployView(report.environment(), report.commit(), report.mergesDeployed(), report.detail(),
                    StatusView.of(report.queue()));
        }
    }

    @PostMapping(consumes = "application/json")
    public DeployView report(Actor actor, @PathVariable String owner, @PathVariable String name,
            @RequestBody DeployRequest request) {
        Requests.required(request, "body");
        return DeployView.of(queues.deployed(actor, new RepositoryName(owner + "/" + name),
                Requests.required(request.environment(), "environment"),
                Requests.required(request.commit(), "commit")));
    }
}
