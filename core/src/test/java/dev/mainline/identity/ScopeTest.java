package dev.mainline.identity;

import static dev.mainline.MainlineExceptionAssert.assertThatMainlineException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mainline.common.ErrorCode;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeTest {
    private static final Scope PAYMENTS = Scope.app("payments");
    private static final Scope WALLET = Scope.app("wallet");
    private static final Scope API = Scope.repository("acme/api");

    @ParameterizedTest
    @ValueSource(strings = {"global", "app:payments", "app:payments-ios", "repository:acme/api",
            "repository:Acme.Corp/mobile_app"})
    void parsesWhatItWrites(String text) {
        Scope scope = Scope.parse(text);

        assertThat(scope).hasToString(text);
        assertThat(Scope.parse(scope.toString())).isEqualTo(scope);
    }

    @Test
    void parsesEachKind() {
        assertThat(Scope.parse("global")).isEqualTo(Scope.global());
        assertThat(Scope.parse("app:payments")).isEqualTo(new Scope(Scope.Kind.APP, "payments"));
        assertThat(Scope.parse("repository:acme/api")).isEqualTo(new Scope(Scope.Kind.REPOSITORY, "acme/api"));
    }

    @Test
    void globalCoversEveryScope() {
        assertThat(Scope.global().covers(Scope.global())).isTrue();
        assertThat(Scope.global().covers(PAYMENTS)).isTrue();
        assertThat(Scope.global().covers(API)).isTrue();
    }

    @Test
    void appCoversOnlyItself() {
        assertThat(PAYMENTS.covers(Scope.app("payments"))).isTrue();
        assertThat(PAYMENTS.covers(WALLET)).isFalse();
        assertThat(PAYMENTS.covers(Scope.app("payments-ios"))).isFalse();
        assertThat(PAYMENTS.covers(Scope.global())).isFalse();
        assertThat(PAYMENTS.covers(API)).isFalse();
    }

    @Test
    void repositoryCoversOnlyItself() {
        assertThat(API.covers(Scope.repository("acme/api"))).isTrue();
        assertThat(API.covers(Scope.repository("acme/web"))).isFalse();
        assertThat(API.covers(Scope.global())).isFalse();
    }

    @Test
    void appAndRepositoryOfTheSameNameAreDifferentScopes() {
        assertThat(Scope.app("api")).isNotEqualTo(new Scope(Scope.Kind.REPOSITORY, "acme/api"));
        assertThat(Scope.app("acme").covers(Scope.repository("acme/api"))).isFalse();
    }

    static Stream<Arguments> invalidScopes() {
        return Stream.of(
                Arguments.of("", "scope must not be blank"),
                Arguments.of("everything",
                        "scope 'everything' is not valid: expected 'global', 'repository:<owner/name>' or 'app:<key>'"),
                Arguments.of("Global", "scope 'Global' is not valid"),
                Arguments.of("global:payments", "scope 'global:payments' is not valid"),
                Arguments.of("team:payments", "scope 'team:payments' is not valid"),
                Arguments.of(":payments", "scope ':payments' is not valid"),
                Arguments.of("app:", "app key must not be blank"),
                Arguments.of("app:Payments", "app key 'Payments' is not valid"),
                Arguments.of("app:pay ments", "app key 'pay ments' is not valid"),
                Arguments.of("repository:acme", "repository name 'acme' is not valid"),
                Arguments.of("repository:", "repository name must not be blank"),
                Arguments.of("app:pay\nments", "scope must not contain control characters"),
                Arguments.of("app:" + "x".repeat(400), "scope must be at most 300 characters, got 404"));
    }

    @ParameterizedTest
    @MethodSource("invalidScopes")
    void refusesInvalidScopesNamingTheProblem(String text, String problem) {
        assertThatMainlineException(() -> Scope.parse(text))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessageContaining(problem);
    }

    @Test
    void refusesGlobalScopeWithAName() {
        assertThatMainlineException(() -> new Scope(Scope.Kind.GLOBAL, "payments"))
                .hasErrorCode(ErrorCode.INVALID_ARGUMENT)
                .hasMessage("the global scope has no name, got 'payments'");
    }
}
