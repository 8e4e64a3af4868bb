package dev.mainline.store;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.MainlineException;
import dev.mainline.common.Page;
import dev.mainline.common.PageRequest;
import dev.mainline.common.RepositoryName;
import dev.mainline.pullrequest.PullRequest;
import dev.mainline.pullrequest.PullRequestState;
import dev.mainline.pullrequest.PullRequestStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcPullRequestStore implements PullRequestStore {
    private static final String COLUMNS = "repository, number, branch, title, author, state, opened_at, updated_at";
    private static final int ATTEMPTS = 5;

    private final Jdbc jdbc;

    JdbcPullRequestStore(Jdbc jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    @Override
    public PullRequest open(RepositoryName repository, String branch, String title, String author, Instant now) {
        // Two openings at once may pick the same number: the primary key refuses the second, which takes the next.
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int number = jdbc.queryOne("SELECT COALESCE(MAX(number), 0) + 1 AS next FROM pull_requests"
                    + " WHERE repository = ?", row -> row.getInt("next"), repository.value()).orElse(1);
            if (jdbc.insertUnlessPresent("INSERT INTO pull_requests (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    repository.value(), number, branch, title, author, PullRequestState.OPEN.key(), now, now)) {
                return find(repository, number).orElseThrow();
            }
        }
        throw MainlineException.alreadyExists("could not number a new pull request of %s; try again", repository);
    }

    @Override
    public Optional<PullRequest> find(RepositoryName repository, int number) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM pull_requests WHERE repository = ? AND number = ?",
                JdbcPullRequestStore::pullRequest, repository.value(), number);
    }

    @Override
    public Optional<PullRequest> findOpen(RepositoryName repository, String branch) {
        return jdbc.query("SELECT " + COLUMNS + " FROM pull_requests WHERE repository = ? AND branch = ?"
                + " AND state = ? ORDER BY number", JdbcPullRequestStore::pullRequest, repository.value(), branch,
                PullRequestState.OPEN.key()).stream().findFirst();
    }

    @Override
    public Page<PullRequest> list(RepositoryName repository, Optional<PullRequestState> state, PageRequest page) {
        long before = page.after().map(cursor -> cursor.position()).orElse((long) Integer.MAX_VALUE);
        List<Object> parameters = new ArrayList<>(List.of(repository.value(), before));
        String filter = "";
        if (state.isPresent()) {
            filter = " AND state = ?";
            parameters.add(state.get().key());
        }
        parameters.add(page.limit() + 1);
        return Page.fromRows(jdbc.query("SELECT " + COLUMNS + " FROM pull_requests WHERE repository = ?"
                + " AND number < ?" + filter + " ORDER BY number DESC LIMIT ?", JdbcPullRequestStore::pullRequest,
                parameters.toArray()), page.limit(), PullRequest::number);
    }

    @Override
    public int close(RepositoryName repository, List<Integer> numbers, PullRequestState state, Instant now) {
        int moved = 0;
        for (int number : numbers) {
            moved += jdbc.update("UPDATE pull_requests SET state = ?, updated_at = ? WHERE repository = ?"
                    + " AND number = ? AND state = ?", state.key(), now, repository.value(), number,
                    PullRequestState.OPEN.key());
        }
        return moved;
    }

    private static PullRequest pullRequest(ResultSet row) throws SQLException {
        return new PullRequest(new RepositoryName(row.getString("repository")), row.getInt("number"),
                row.getString("branch"), row.getString("title"), row.getString("author"),
                PullRequestState.fromKey(row.getString("state")), Jdbc.instant(row, "opened_at"),
                Jdbc.instant(row, "updated_at"));
    }
}
