package dev.mainline.server.config;

import dev.mainline.store.DatabaseUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says in two lines why start-up stopped when the database cannot be used, instead of a page of stack trace. */
public class DatabaseFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnavailableException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnavailableException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Check mainline.database.url, mainline.database.username and mainline.database.password, "
                        + "or leave mainline.database.url empty for the embedded H2 database under mainline.data-dir.",
                cause);
    }
}
