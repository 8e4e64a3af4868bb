package dev.mainline.server.config;

import dev.mainline.audit.AuditService;
import dev.mainline.catalog.CatalogService;
import dev.mainline.common.Stores;
import dev.mainline.identity.Authorizer;
import dev.mainline.identity.BootstrapService;
import dev.mainline.identity.GrantService;
import dev.mainline.identity.TokenPolicy;
import dev.mainline.identity.TokenSecrets;
import dev.mainline.identity.TokenService;
import dev.mainline.identity.UserService;
import dev.mainline.store.Database;
import dev.mainline.store.DatabaseConfig;
import dev.mainline.store.JdbcStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the plain-Java core and its stores; the only place where Spring meets them. */
@Configuration(proxyBeanMethods = false)
public class CoreWiring {
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    public Database database(MainlineProperties properties) {
        return new Database(databaseConfig(properties)).start();
    }

    static DatabaseConfig databaseConfig(MainlineProperties properties) {
        MainlineProperties.Database database = properties.database();
        String url = database.url();
        String username = database.username();
        if (url.isEmpty()) {
            Path directory = dataDirectory(properties).resolve("db");
            createDirectories(directory);
            // H2 writes a commit out only after a delay (500 ms by default): what was acknowledged in that time would be
            // lost if the process were killed. Written at once, it survives a killed process.
            url = "jdbc:h2:file:" + directory.resolve("mainline").toAbsolutePath() + ";WRITE_DELAY=0";
            username = username.isEmpty() ? "sa" : username;
        }
        return new DatabaseConfig(url, username, database.password(), database.maxPoolSize(),
                database.connectionTimeout());
    }

    public static Path dataDirectory(MainlineProperties properties) {
        Path directory = properties.dataDir().toAbsolutePath().normalize();
        createDirectories(directory);
        return directory;
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create the data directory %s (mainline.data-dir)".formatted(directory), e);
        }
    }

    @Bean
    public Stores stores(Database database) {
        return JdbcStores.create(database);
    }

    @Bean
    public Authorizer authorizer(Stores stores, Clock clock) {
        return new Authorizer(stores.auditLog(), clock);
    }

    @Bean
    public TokenSecrets tokenSecrets() {
        return new TokenSecrets(new SecureRandom());
    }

    @Bean
    public UserService userService(Stores stores, Authorizer authorizer, Clock clock) {
        return new UserService(stores.users(), authorizer, stores.transactions(), clock);
    }

    @Bean
    public CatalogService catalogService(Stores stores, Authorizer authorizer, Clock clock) {
        return new CatalogService(stores.apps(), stores.repositories(), authorizer, stores.transactions(), clock);
    }

    @Bean
    public GrantService grantService(UserService userService, Stores stores, CatalogService catalogService,
            Authorizer authorizer, Clock clock) {
        return new GrantService(userService, stores.grants(), catalogService, authorizer, stores.transactions(), clock);
    }

    @Bean
    public TokenService tokenService(UserService userService, Stores stores, TokenSecrets secrets,
            MainlineProperties properties, Authorizer authorizer, Clock clock) {
        TokenPolicy policy = new TokenPolicy(properties.tokens().defaultLifetime(), properties.tokens().maxLifetime());
        return new TokenService(userService, stores.users(), stores.grants(), stores.tokens(), secrets, policy,
                authorizer, stores.transactions(), clock);
    }

    @Bean
    public BootstrapService bootstrapService(Stores stores, TokenService tokenService, TokenSecrets secrets,
            Clock clock) {
        return new BootstrapService(stores.users(), stores.grants(), stores.bootstrap(), tokenService, secrets,
                stores.auditLog(), stores.transactions(), clock);
    }

    @Bean
    public AuditService auditService(Stores stores, Authorizer authorizer) {
        return new AuditService(stores.auditLog(), authorizer);
    }
}
