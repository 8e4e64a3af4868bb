package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

/**
 * Every action the role model decides on, with the role it needs. The scope it is checked against comes from the
 * object acted on (an app's actions are checked on that app).
 */
public enum Action {
    USER_CREATE("user.create", Role.ADMIN),
    USER_UPDATE("user.update", Role.ADMIN),
    USER_READ("user.read", Role.ADMIN),
    ROLE_GRANT("role.grant", Role.ADMIN),
    ROLE_REVOKE("role.revoke", Role.ADMIN),
    ROLE_READ("role.read", Role.ADMIN),
    TOKEN_MINT("token.mint", Role.ADMIN),
    TOKEN_REVOKE("token.revoke", Role.ADMIN),
    TOKEN_READ("token.read", Role.ADMIN),
    AUDIT_READ("audit.read", Role.ADMIN),
    APP_CREATE("app.create", Role.ADMIN),
    APP_UPDATE("app.update", Role.RELEASE_MANAGER),
    APP_READ("app.read", Role.VIEWER),
    REPOSITORY_CREATE("repository.create", Role.ADMIN),
    REPOSITORY_READ("repository.read", Role.VIEWER),
    PULL_REQUEST_READ("pull-request.read", Role.VIEWER),
    PULL_REQUEST_OPEN("pull-request.open", Role.ENGINEER),
    PULL_REQUEST_CLOSE("pull-request.close", Role.ENGINEER),
    /** Upload a test report of a repository (CI does, with an engineer's token scoped to the repository). */
    TEST_RESULTS_UPLOAD("test-results.upload", Role.ENGINEER),
    /** Read a repository's tests: their health, failures and quarantines, and ask whether failures are excused. */
    TEST_RESULTS_READ("test-results.read", Role.VIEWER),
    /** Quarantine a test, mark it fixed, or make it count again. */
    TEST_QUARANTINE("test.quarantine", Role.ENGINEER),
    /** Send a CI job's, deployment's or release step's log to the archive (CI does, with an engineer's token). */
    LOGS_UPLOAD("logs.upload", Role.ENGINEER),
    /** Read and search kept logs and the failures found in them. */
    LOGS_READ("logs.read", Role.VIEWER),
    /** See an app's releases, their state, rollout and history. */
    RELEASE_READ("release.read", Role.VIEWER),
    /** Cut a release: its version and branch. */
    RELEASE_CUT("release.cut", Role.RELEASE_MANAGER),
    /** Record a release's build (CI does). */
    RELEASE_BUILD("release.build", Role.ENGINEER),
    /** Start the regression run of a release. */
    RELEASE_REGRESSION("release.regression", Role.RELEASE_MANAGER),
    /** Report facts about a release: the regression's result, the store review's verdict, the crash-free rate. */
    RELEASE_REPORT("release.report", Role.ENGINEER),
    /** Approve a release for submission and rollout. */
    RELEASE_APPROVE("release.approve", Role.RELEASE_MANAGER),
    /** Submit a release for the store's review. */
    RELEASE_SUBMIT("release.submit", Role.RELEASE_MANAGER),
    /** Start, increase, pause, halt, resume or complete a rollout, or roll back. */
    RELEASE_ROLLOUT("release.rollout", Role.RELEASE_MANAGER),
    /** Make an app's runbook ask less (fewer approvals, a lower crash-free rate, a two-person rule dropped). */
    RELEASE_RUNBOOK_RELAX("release.runbook-relax", Role.ADMIN),
    QUEUE_READ("queue.read", Role.VIEWER),
    QUEUE_ENQUEUE("queue.enqueue", Role.ENGINEER),
    QUEUE_DEQUEUE("queue.dequeue", Role.ENGINEER),
    /** Queue a pull request in the urgent lane, ahead of everything not yet being tested. */
    QUEUE_ENQUEUE_URGENT("queue.enqueue-urgent", Role.RELEASE_MANAGER),
    QUEUE_LOCK("queue.lock", Role.RELEASE_MANAGER),
    QUEUE_UNLOCK("queue.unlock", Role.RELEASE_MANAGER),
    QUEUE_EMERGENCY_MERGE("queue.emergency-merge", Role.RELEASE_MANAGER),
    /** Mainline found settings on a main branch its queue cannot use (recorded for administrators, never asked for). */
    QUEUE_SETTINGS_REFUSED("queue.settings-refused", Role.ADMIN),
    /**
     * Report that a commit of main was deployed, which lets the queue merge again past the drift limit (a deploy
     * pipeline does, with an engineer's token scoped to the repository; GitHub's deployment statuses do as Mainline).
     */
    QUEUE_REPORT_DEPLOY("queue.report-deploy", Role.ENGINEER),
    BOOTSTRAP("bootstrap", Role.ADMIN);

    private final String key;
    private final Role requiredRole;

    Action(String key, Role requiredRole) {
        this.key = requireNonNull(key, "key is null");
        this.requiredRole = requireNonNull(requiredRole, "requiredRole is null");
    }

    /** The name used in the audit log, such as {@code user.create}. */
    public String key() {
        return key;
    }

    public Role requiredRole() {
        return requiredRole;
    }

    @Override
    public String toString() {
        return key;
    }
}
