package dev.mainline.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What varies between runs is masked; what tells failures apart is kept. */
class FailureSignaturesTest {
    @Test
    void masksWhatChangesFromRunToRun() {
        assertThat(FailureSignatures.normalize("\u001B[31mERROR\u001B[0m 2026-11-24T18:00:01.123Z request"
                + " 3f2b1c9e-8d7a-4b6c-9e5f-1a2b3c4d5e6f took 1234 ms"))
                .isEqualTo("ERROR <time> request <uuid> took <n> ms");
        assertThat(FailureSignatures.normalize("at com.acme.Cart.add(Cart.java:42) on Object@1b6d3586 0x7ffd5e8c"))
                .isEqualTo("at com.acme.Cart.add(Cart.java:<n>) on Object@<hex> <hex>");
        assertThat(FailureSignatures.normalize("/tmp/work/build.YycfK3Xx/src/main/java/dev/shop/Cart.java:[20,42]"
                + " cannot find symbol")).isEqualTo("…/Cart.java:[<n>,<n>] cannot find symbol");
        assertThat(FailureSignatures.normalize("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 in job a1b2c3d4e5"))
                .isEqualTo("commit <hex> in job <hex>");
        assertThat(FailureSignatures.normalize("  lots \t of   space  ")).isEqualTo("lots of space");
    }

    @Test
    void theSameFailureHasTheSameFingerprintAndAnotherKindDoesNot() {
        String signature = FailureSignatures.signature(List.of("java.lang.IllegalStateException: cart 42",
                "", "\tat Cart.checkout(Cart.java:40)"));
        assertThat(signature).isEqualTo("java.lang.IllegalStateException: cart <n>\nat Cart.checkout(Cart.java:<n>)");
        assertThat(FailureSignatures.fingerprint(FailureKind.STACK_TRACE, signature)).hasSize(64)
                .isEqualTo(FailureSignatures.fingerprint(FailureKind.STACK_TRACE, signature))
                .isNotEqualTo(FailureSignatures.fingerprint(FailureKind.ASSERTION, signature));
    }
}
