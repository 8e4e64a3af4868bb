package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;

/** A user to be created. */
public record NewUser(String login, String displayName, ExternalHandles handles) {
    public static final int MAX_DISPLAY_NAME_LENGTH = 200;

    public NewUser {
        Login.check(login);
        Checks.text("displayName", displayName, MAX_DISPLAY_NAME_LENGTH);
        requireNonNull(handles, "handles is null");
    }
}
