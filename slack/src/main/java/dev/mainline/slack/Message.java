package dev.mainline.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import java.util.ArrayList;
import java.util.List;

/**
 * A Block Kit message built within Slack's documented limits, whatever the data: at most 50 blocks in a message (100
 * in a view), the last one saying how many were left out; a section's text clipped to 3,000 characters, a header's
 * to 150, a context's to 10 elements, a button's text to 75 and its value to 2,000; at most 25 buttons a block. Text
 * from outside (test names, log lines, titles) is escaped so it cannot mention or link anyone.
 */
public final class Message {
    public static final int MESSAGE_BLOCKS = 50;
    public static final int VIEW_BLOCKS = 100;
    static final int SECTION_TEXT = 3000;
    static final int HEADER_TEXT = 150;
    static final int BUTTON_TEXT = 75;
    static final int BUTTON_VALUE = 2000;
    static final int CONTEXT_ELEMENTS = 10;
    static final int ACTIONS_ELEMENTS = 25;
    /** What Slack shows of a message's top-level text (notifications); it truncates the rest. */
    static final int TEXT = 40_000;

    private final int maxBlocks;
    private final List<LayoutBlock> blocks = new ArrayList<>();
    private int leftOut;
    private String text = "";

    private Message(int maxBlocks) {
        this.maxBlocks = maxBlocks;
    }

    public static Message message() {
        return new Message(MESSAGE_BLOCKS);
    }

    public static Message view() {
        return new Message(VIEW_BLOCKS);
    }

    /** Escapes {@code &}, {@code <} and {@code >} as Slack's mrkdwn asks, so outside text stays text. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code text} cut to {@code max} characters, ending in an ellipsis when cut. */
    public static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** A link in mrkdwn: {@code <url|label>}, the label escaped. */
    public static String link(String url, String label) {
        return "<" + url.replace(">", "%3E").replace("|", "%7C") + "|" + escape(label).replace("|", "¦") + ">";
    }

    /** The notification text (shown where blocks cannot be). */
    public Message text(String value) {
        this.text = clip(value, TEXT);
        return this;
    }

    public Message header(String value) {
        return add(Blocks.header(h -> h.text(plainText(clip(value.isBlank() ? "-" : value, HEADER_TEXT)))));
    }

    /** A section of mrkdwn (already escaped where it holds outside text). */
    public Message section(String mrkdwn) {
        return add(Blocks.section(s -> s.text(markdownText(clip(mrkdwn.isBlank() ? " " : mrkdwn, SECTION_TEXT)))));
    }

    public Message context(List<String> mrkdwn) {
        List<com.slack.api.model.block.ContextBlockElement> elements = new ArrayList<>();
        for (String each : mrkdwn.subList(0, Math.min(mrkdwn.size(), CONTEXT_ELEMENTS))) {
            elements.add(markdownText(clip(each.isBlank() ? " " : each, SECTION_TEXT)));
        }
        return elements.isEmpty() ? this : add(Blocks.context(elements));
    }

    public Message divider() {
        return add(Blocks.divider());
    }

    /** A row of buttons (at most 25). */
    public Message buttons(String blockId, List<Button> buttons) {
        List<BlockElement> elements = new ArrayList<>();
        for (Button each : buttons.subList(0, Math.min(buttons.size(), ACTIONS_ELEMENTS))) {
            elements.add(button(b -> {
                b.text(plainText(clip(each.label(), BUTTON_TEXT))).actionId(each.actionId())
                        .value(clip(each.value(), BUTTON_VALUE));
                if (each.style() != null) {
                    b.style(each.style());
                }
                return b;
            }));
        }
        return elements.isEmpty() ? this : add(Blocks.actions(blockId, elements));
    }

    /** A button: its label, the action it names, the value it carries, and {@code primary}, {@code danger} or none. */
    public record Button(String label, String actionId, String value, String style) {
    }

    private Message add(LayoutBlock block) {
        if (blocks.size() < maxBlocks - 1) {
            blocks.add(block);
        } else {
            leftOut++;
        }
        return this;
    }

    /** How many blocks there are; the last one may be the note of what was left out. */
    public List<LayoutBlock> blocks() {
        List<LayoutBlock> all = new ArrayList<>(blocks);
        if (leftOut > 0) {
            all.add(Blocks.context(List.<com.slack.api.model.block.ContextBlockElement>of(markdownText(
                    "_%d more not shown_".formatted(leftOut)))));
        }
        return all;
    }

    public String textOrDefault() {
        return text.isEmpty() ? "Mainline" : text;
    }

    /** Plain text object, for callers building their own elements. */
    static TextObject plain(String value, int max) {
        return plainText(clip(value, max));
    }
}
