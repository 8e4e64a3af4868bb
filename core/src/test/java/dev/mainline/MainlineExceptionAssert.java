package dev.mainline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mainline.common.ErrorCode;
import dev.mainline.common.MainlineException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that code fails with a {@link MainlineException}, and which error code it carries. */
public final class MainlineExceptionAssert
        extends
            AbstractThrowableAssert<MainlineExceptionAssert, MainlineException> {
    private MainlineExceptionAssert(MainlineException actual) {
        super(actual, MainlineExceptionAssert.class);
    }

    public static MainlineExceptionAssert assertThatMainlineException(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the exception thrown").isInstanceOf(MainlineException.class);
        return new MainlineExceptionAssert((MainlineException) thrown);
    }

    public MainlineExceptionAssert hasErrorCode(ErrorCode expected) {
        isNotNull();
        if (actual.errorCode() != expected) {
            failWithMessage("Expected error code <%s> but was <%s>, with message <%s>", expected, actual.errorCode(),
                    actual.getMessage());
        }
        return this;
    }
}
