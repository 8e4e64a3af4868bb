package dev.mainline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.mainline.archfixture.ViolatesCoreRuleWithDataSource;
import dev.mainline.archfixture.ViolatesCoreRuleWithJdbc;
import dev.mainline.identity.Authorizer;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    /** The domain is plain Java: adapters depend on the core, never the reverse. */
    public static final ArchRule CORE_IS_PLAIN_JAVA = noClasses()
            .that().resideInAPackage("dev.mainline..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..",
                    "jakarta.servlet..",
                    "javax.servlet..",
                    "java.sql..",
                    "javax.sql..",
                    "com.slack..",
                    "org.kohsuke.github..",
                    "org.eclipse.jgit..",
                    "dev.mainline.local..",
                    "dev.mainline.github..",
                    "dev.mainline.settings..",
                    "com.fasterxml.jackson..",
                    "tools.jackson..",
                    "org.flywaydb..",
                    "com.zaxxer..",
                    "org.h2..",
                    "org.postgresql..",
                    "dev.mainline.store..",
                    "dev.mainline.junit..",
                    "dev.mainline.nats..",
                    "io.nats..",
                    "dev.mainline.server..",
                    "dev.mainline.cli..")
            .because("the domain is plain Java; storage, web, chat and forge adapters depend on it, not the reverse");

    private static final JavaClasses CORE_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mainline");

    @Test
    void coreDependsOnNoFrameworkOrAdapter() {
        CORE_IS_PLAIN_JAVA.check(CORE_CLASSES);
    }

    @Test
    void checksTheMainClassesAndNotTheTestFixtures() {
        assertThat(CORE_CLASSES.contain(Authorizer.class)).isTrue();
        assertThat(CORE_CLASSES.contain(ViolatesCoreRuleWithJdbc.class)).isFalse();
        assertThat(CORE_CLASSES.contain(ArchitectureTest.class)).isFalse();
    }

    @Test
    void refusesCoreClassUsingJdbc() {
        JavaClasses violating = new ClassFileImporter().importClasses(ViolatesCoreRuleWithJdbc.class);

        assertThatThrownBy(() -> CORE_IS_PLAIN_JAVA.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ViolatesCoreRuleWithJdbc.class.getName())
                .hasMessageContaining("java.sql.Connection");
    }

    @Test
    void refusesCoreClassUsingJavaxSql() {
        JavaClasses violating = new ClassFileImporter().importClasses(ViolatesCoreRuleWithDataSource.class);

        assertThatThrownBy(() -> CORE_IS_PLAIN_JAVA.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(ViolatesCoreRuleWithDataSource.class.getName())
                .hasMessageContaining("javax.sql.DataSource");
    }
}
