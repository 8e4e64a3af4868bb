package dev.mainline.store;

/** The database engines Mainline runs on. The SQL is shared; only migrations in a vendor folder differ. */
public enum Dialect {
    H2("jdbc:h2:", "h2"),
    POSTGRESQL("jdbc:postgresql:", "postgresql");

    private final String urlPrefix;
    private final String migrationFolder;

    Dialect(String urlPrefix, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.migrationFolder = migrationFolder;
    }

    /** The folder under {@code db/migration} with this engine's own migrations, beside the shared {@code common}. */
    public String migrationFolder() {
        return migrationFolder;
    }

    /** The dialect of a JDBC url, or null when Mainline does not support that engine. */
    public static Dialect fromUrl(String url) {
        for (Dialect dialect : values()) {
            if (url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        return null;
    }
}
