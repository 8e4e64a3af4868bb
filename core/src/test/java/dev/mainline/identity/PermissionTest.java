package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.ErrorCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionTest {
    private static final Scope PAYMENTS = Scope.app("payments");
    private static final Scope WALLET = Scope.app("wallet");

    @Test
    void parsesRoleAndScope() {
        assertThat(Permission.parse("release-manager@app:payments-ios"))
                .isEqualTo(Permission.of(Role.RELEASE_MANAGER, Scope.app("payments-ios")));
        assertThat(Permission.parse("engineer@global")).isEqualTo(Permission.of(Role.ENGINEER, Scope.global()));
        assertThat(Permission.parse("viewer@repository:acme/api"))
                .isEqualTo(Permission.of(Role.VIEWER, Scope.repository("acme/api")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin@global", "release-manager@app:payments", "viewer@repository:acme/api"})
    void parsesWhatItWrites(String text) {
        assertThat(Permission.parse(text)).hasToString(text);
    }

    static Stream<Arguments> invalidPermissions() {
        return Stream.of(
                Arguments.of("admin", "permission 'admin' is not valid: expected '<role>@<scope>'"),
                Arguments.of("@global", "permission '@global' is not valid"),
                Arguments.of("boss@global", "role 'boss' is not known"),
                Arguments.of("admin@", "scope must not be blank"),
                Arguments.of("admin@everything", "scope 'everything' is not valid"),
                Arguments.of("admin@app:Payments", "app key 'Payments' is not valid"),
                Arguments.of("", "permission must not be blank"));
    }

    @ParameterizedTest
    @MethodSource("invalidPermissions")
    void refusesInvalidPermissionsNamingTheProblem(String text, String problem) {
        assertThatMainlineException(() -> Permission.parse(text))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining(problem);
    }

    @Test
    void globalAdminAllowsEveryRoleEverywhere() {
        Permission admin = Permission.of(Role.ADMIN, Scope.global());

        assertThat(admin.allows(Role.ADMIN, Scope.global())).isTrue();
        assertThat(admin.allows(Role.RELEASE_MANAGER, PAYMENTS)).isTrue();
        assertThat(admin.allows(Role.VIEWER, Scope.repository("acme/api"))).isTrue();
    }

    @Test
    void scopedRoleAllowsItselfAndLesserRolesOnItsScopeOnly() {
        Permission releaseManager = Permission.of(Role.RELEASE_MANAGER, PAYMENTS);

        assertThat(releaseManager.allows(Role.RELEASE_MANAGER, PAYMENTS)).isTrue();
        assertThat(releaseManager.allows(Role.VIEWER, PAYMENTS)).isTrue();
        assertThat(releaseManager.allows(Role.ADMIN, PAYMENTS)).isFalse();
        assertThat(releaseManager.allows(Role.RELEASE_MANAGER, WALLET)).isFalse();
        assertThat(releaseManager.allows(Role.VIEWER, Scope.global())).isFalse();
    }

    @Test
    void globalLesserRoleDoesNotAllowAGreaterOneAnywhere() {
        Permission engineer = Permission.of(Role.ENGINEER, Scope.global());

        assertThat(engineer.allows(Role.ENGINEER, PAYMENTS)).isTrue();
        assertThat(engineer.allows(Role.RELEASE_MANAGER, PAYMENTS)).isFalse();
    }

    @Test
    void anyOfSeveralPermissionsMayAllow() {
        List<Permission> held = List.of(Permission.of(Role.VIEWER, Scope.global()),
                Permission.of(Role.RELEASE_MANAGER, PAYMENTS));

        assertThat(Permission.anyAllows(held, Role.RELEASE_MANAGER, PAYMENTS)).isTrue();
        assertThat(Permission.anyAllows(held, Role.VIEWER, WALLET)).isTrue();
        assertThat(Permission.anyAllows(held, Role.ENGINEER, WALLET)).isFalse();
        assertThat(Permission.anyAllows(List.of(), Role.VIEWER, WALLET)).isFalse();
    }
}
