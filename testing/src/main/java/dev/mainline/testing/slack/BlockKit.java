package dev.mainline.testing.slack;

import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Slack's documented Block Kit limits, checked the way Slack refuses a message ({@code invalid_blocks}): at most 50
 * blocks in a message and 100 in a view; a {@code block_id} or {@code action_id} of at most 255 characters; a section's
 * text at most 3,000 and at most 10 fields of 2,000; a header's plain text at most 150; at most 10 context elements
 * and 25 actions; a button's text at most 75, its value 2,000 and its URL 3,000.
 */
public final class BlockKit {
    public static final int MESSAGE_BLOCKS = 50;
    public static final int VIEW_BLOCKS = 100;
    private static final Set<String> TYPES = Set.of("section", "header", "context", "actions", "divider", "image",
            "rich_text", "input", "file", "video");

    private BlockKit() {
    }

    /** What breaks a limit in {@code blocks}, or empty when they are within Slack's limits. */
    public static Optional<String> invalid(JsonNode blocks, int maxBlocks) {
        if (blocks.size() > maxBlocks) {
            return Optional.of("%d blocks, more than %d".formatted(blocks.size(), maxBlocks));
        }
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            String type = block.path("type").asString("");
            Optional<String> wrong = !TYPES.contains(type)
                    ? Optional.of("unknown block type '%s'".formatted(type))
                    : tooLong(block, "block_id", 255).or(() -> switch (type) {
                        case "section" -> text(block.path("text"), 3000, "section text")
                                .or(() -> count(block.path("fields"), 10, "section fields"))
                                .or(() -> each(block.path("fields"), 2000, "section field"))
                                .or(() -> block.path("accessory").isMissingNode()
                                        ? Optional.empty()
                                        : element(block.path("accessory")));
                        case "header" -> block.path("text").path("type").asString("").equals("plain_text")
                                ? text(block.path("text"), 150, "header text")
                                : Optional.of("a header's text is plain_text");
                        case "context" -> count(block.path("elements"), 10, "context elements")
                                .or(() -> each(block.path("elements"), 3000, "context element"));
                        case "actions" -> count(block.path("elements"), 25, "actions elements").or(() -> {
                            for (JsonNode element : block.path("elements")) {
                                Optional<String> bad = element(element);
                                if (bad.isPresent()) {
                                    return bad;
                                }
                            }
                            return Optional.empty();
                        });
                        default -> Optional.empty();
                    });
            if (wrong.isPresent()) {
                return Optional.of("block %d (%s): %s".formatted(i, type, wrong.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> element(JsonNode element) {
        if (!element.path("type").asString("").equals("button")) {
            return tooLong(element, "action_id", 255);
        }
        return text(element.path("text"), 75, "button text").or(() -> tooLong(element, "action_id", 255))
                .or(() -> tooLong(element, "value", 2000)).or(() -> tooLong(element, "url", 3000));
    }

    private static Optional<String> text(JsonNode text, int max, String what) {
        if (!text.isObject() || text.path("text").asString("").isEmpty()) {
            return Optional.of(what + " is missing");
        }
        int length = text.path("text").asString().length();
        return length > max
                ? Optional.of("%s has %d characters, more than %d".formatted(what, length, max))
                : Optional.empty();
    }

    private static Optional<String> each(JsonNode texts, int max, String what) {
        for (JsonNode text : texts) {
            if (text.has("text")) {
                Optional<String> wrong = text(text, max, what);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> count(JsonNode list, int max, String what) {
        return list.size() > max
                ? Optional.of("%d %s, more than %d".formatted(list.size(), what, max))
                : Optional.empty();
    }

    private static Optional<String> tooLong(JsonNode node, String field, int max) {
        int length = node.path(field).asString("").length();
        return length > max
                ? Optional.of("%s has %d characters, more than %d".formatted(field, length, max))
                : Optional.empty();
    }
}
