package dev.mainline.releases;

import dev.mainline.common.MainlineException;
import java.util.Optional;

/** A command waiting for confirmation, as a line of text for the store, and back. */
public final class ReleaseCommands {
    private ReleaseCommands() {
    }

    public static String encode(ReleaseCommand command) {
        return switch (command) {
            case ReleaseCommand.HaltRollout halt -> "halt-rollout:" + halt.reason();
            case ReleaseCommand.IncreaseRollout increase -> "increase-rollout:" + increase.to().map(String::valueOf)
                    .orElse("");
            case ReleaseCommand.CompleteRollout complete -> "complete-rollout:";
            default -> throw new IllegalArgumentException(command.name() + " never waits for confirmation");
        };
    }

    public static ReleaseCommand decode(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String argument = colon < 0 ? "" : text.substring(colon + 1);
        return switch (name) {
            case "halt-rollout" -> new ReleaseCommand.HaltRollout(argument);
            case "increase-rollout" -> new ReleaseCommand.IncreaseRollout(argument.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Double.valueOf(argument)));
            case "complete-rollout" -> new ReleaseCommand.CompleteRollout();
            default -> throw MainlineException.invalid("'%s' is not a command that waits for confirmation", name);
        };
    }
}
