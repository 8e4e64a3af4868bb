package dev.mainline.archfixture;

import javax.sql.DataSource;

/** Breaks the core's plain-Java rule on purpose by holding a {@code javax.sql} data source. */
public final class ViolatesCoreRuleWithDataSource {
    private final DataSource dataSource;

    public ViolatesCoreRuleWithDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }
}
