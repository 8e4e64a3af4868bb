package dev.mainline.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.util.Optional;
import java.util.Set;

/** A change to an app: only the values present change. */
public record AppUpdate(Optional<String> displayName, Optional<Set<Platform>> platforms) {
    public AppUpdate {
        requireNonNull(displayName, "displayName is null");
        displayName.ifPresent(name -> Checks.text("displayName", name, 200));
        requireNonNull(platforms, "platforms is null");
        platforms = platforms.map(Set::copyOf);
        platforms.ifPresent(set -> {
            if (set.isEmpty()) {
                throw MainlineException.invalid("platforms must name at least one of 'ios', 'android'");
            }
        });
    }
}
