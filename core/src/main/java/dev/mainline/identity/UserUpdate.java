package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import java.util.Optional;

/** A change to a user: only the values present change. */
public record UserUpdate(Optional<String> displayName, ExternalHandles handles) {
    public UserUpdate {
        requireNonNull(displayName, "displayName is null");
        displayName.ifPresent(name -> Checks.text("displayName", name, NewUser.MAX_DISPLAY_NAME_LENGTH));
        requireNonNull(handles, "handles is null");
    }
}
