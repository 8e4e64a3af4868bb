package dev.mainline.catalog;

import static java.util.Objects.requireNonNull;

import dev.mainline.common.AppKey;
import dev.mainline.common.Checks;
import dev.mainline.common.MainlineException;
import java.util.Set;

/** An app to register. */
public record NewApp(AppKey key, String displayName, Set<Platform> platforms) {
    public NewApp {
        requireNonNull(key, "key is null");
        Checks.text("displayName", displayName, 200);
        platforms = Set.copyOf(requireNonNull(platforms, "platforms is null"));
        if (platforms.isEmpty()) {
            throw MainlineException.invalid("platforms must name at least one of 'ios', 'android'");
        }
    }
}
