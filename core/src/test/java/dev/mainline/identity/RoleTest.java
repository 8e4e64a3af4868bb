package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static dev.mainline.identity.Role.ADMIN;
import static dev.mainline.identity.Role.ENGINEER;
import static dev.mainline.identity.Role.RELEASE_MANAGER;
import static dev.mainline.identity.Role.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {
    @Test
    void viewerIncludesOnlyItself() {
        assertThat(VIEWER.includes(VIEWER)).isTrue();
        assertThat(VIEWER.includes(ENGINEER)).isFalse();
        assertThat(VIEWER.includes(RELEASE_MANAGER)).isFalse();
        assertThat(VIEWER.includes(ADMIN)).isFalse();
    }

    @Test
    void engineerIncludesViewer() {
        assertThat(ENGINEER.includes(VIEWER)).isTrue();
        assertThat(ENGINEER.includes(ENGINEER)).isTrue();
        assertThat(ENGINEER.includes(RELEASE_MANAGER)).isFalse();
        assertThat(ENGINEER.includes(ADMIN)).isFalse();
    }

    @Test
    void releaseManagerIncludesEngineerButNotAdmin() {
        assertThat(RELEASE_MANAGER.includes(VIEWER)).isTrue();
        assertThat(RELEASE_MANAGER.includes(ENGINEER)).isTrue();
        assertThat(RELEASE_MANAGER.includes(RELEASE_MANAGER)).isTrue();
        assertThat(RELEASE_MANAGER.includes(ADMIN)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void adminIncludesEveryRole(Role role) {
        assertThat(ADMIN.includes(role)).isTrue();
    }

    @Test
    void keysAreTheDocumentedSpellings() {
        assertThat(VIEWER.key()).isEqualTo("viewer");
        assertThat(ENGINEER.key()).isEqualTo("engineer");
        assertThat(RELEASE_MANAGER.key()).isEqualTo("release-manager");
        assertThat(ADMIN.key()).isEqualTo("admin");
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void readsBackItsKey(Role role) {
        assertThat(Role.fromKey(role.key())).isSameAs(role);
        assertThat(role).hasToString(role.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "Admin", "ADMIN", "release_manager", "RELEASE_MANAGER", "", " admin"})
    void refusesUnknownKeysListingTheKnownOnes(String key) {
        assertThatMainlineException(() -> Role.fromKey(key))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("role '%s' is not known; expected one of viewer, engineer, release-manager, admin", key);
    }
}
