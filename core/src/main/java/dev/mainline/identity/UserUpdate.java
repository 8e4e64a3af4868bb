package dev.mainline.identity;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.util.Optional;
import java.util.Set;

/** A change to a user: only the values present change, and the handles named in {@code cleared} are removed. */
public record UserUpdate(Optional<String> displayName, ExternalHandles handles, Set<ExternalHandles.Kind> cleared) {
    public UserUpdate {
        requireNonNull(displayName, "displayName is null");
        displayName.ifPresent(name -> Checks.text("displayName", name, NewUser.MAX_DISPLAY_NAME_LENGTH));
        requireNonNull(handles, "handles is null");
        cleared = Set.copyOf(requireNonNull(cleared, "cleared is null"));
        if (!handles.without(cleared).equals(handles)) {
            throw MainlineException.invalid("a handle cannot be both set and cleared in one update");
        }
    }

    public UserUpdate(Optional<String> displayName, ExternalHandles handles) {
        this(displayName, handles, Set.of());
    }

    /** The user's handles after this update. */
    public ExternalHandles applyTo(ExternalHandles existing) {
        return existing.without(cleared).overriddenBy(handles);
    }
}
