package dev.mainline.common;

import static java.util.Objects.requireNonNull;

import dev.mainline.audit.AuditLog;
import dev.mainline.catalog.AppStore;
import dev.mainline.catalog.SourceRepositoryStore;
import dev.mainline.identity.BootstrapStore;
import dev.mainline.identity.GrantStore;
import dev.mainline.identity.TokenStore;
import dev.mainline.identity.UserStore;
import dev.mainline.inbox.InboxStore;
import dev.mainline.logs.LogStore;
import dev.mainline.mergequeue.QueueCiRunStore;
import dev.mainline.releases.ReleaseStore;
import dev.mainline.pullrequest.PullRequestStore;
import dev.mainline.testresults.TestResultStore;

/** Every store port of one storage backend, and the transactions that span them. */
public record Stores(UserStore users, GrantStore grants, TokenStore tokens, BootstrapStore bootstrap,
        AuditLog auditLog, AppStore apps, SourceRepositoryStore repositories, PullRequestStore pullRequests,
        InboxStore inbox, TestResultStore testResults,
        LogStore logs, ReleaseStore releases, QueueCiRunStore queueCiRuns, Transactions transactions) {
    public Stores {
        requireNonNull(users, "users is null");
        requireNonNull(grants, "grants is null");
        requireNonNull(tokens, "tokens is null");
        requireNonNull(bootstrap, "bootstrap is null");
        requireNonNull(auditLog, "auditLog is null");
        requireNonNull(apps, "apps is null");
        requireNonNull(repositories, "repositories is null");
        requireNonNull(pullRequests, "pullRequests is null");
        requireNonNull(inbox, "inbox is null");
        requireNonNull(testResults, "testResults is null");
        requireNonNull(logs, "logs is null");
        requireNonNull(releases, "releases is null");
        requireNonNull(queueCiRuns, "queueCiRuns is null");
        requireNonNull(transactions, "transactions is null");
    }
}
