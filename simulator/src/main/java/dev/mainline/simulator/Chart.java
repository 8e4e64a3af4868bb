package dev.mainline.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the comparison as a PNG: one panel per scenario with each strategy's p95 time-to-merge as a bar (log scale),
 * so the gap to the oracle reads at a glance, and a legend naming each strategy's colour in full (names such as the
 * risk-signal row's say what the strategy was told, so they are not shortened). Plain Java 2D, headless.
 */
final class Chart {
    private static final Color[] COLORS = {new Color(0x9E9E9E), new Color(0x795548), new Color(0x1E88E5),
            new Color(0x8E24AA), new Color(0x43A047), new Color(0xA5D6A7), new Color(0x212121)};
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 230;
    private static final int COLUMNS = 2;
    private static final int TITLE_HEIGHT = 40;
    private static final int LEGEND_LINE = 18;

    private Chart() {
    }

    static void write(List<Result> results, Path file) {
        System.setProperty("java.awt.headless", "true");
        Map<String, List<Result>> byScenario = new LinkedHashMap<>();
        List<String> strategies = new ArrayList<>();
        for (Result result : results) {
            byScenario.computeIfAbsent(result.scenario(), key -> new ArrayList<>()).add(result);
            if (!strategies.contains(result.strategy())) {
                strategies.add(result.strategy());
            }
        }
        int rows = (byScenario.size() + COLUMNS - 1) / COLUMNS;
        int legendRows = (strategies.size() + COLUMNS - 1) / COLUMNS;
        int legendTop = TITLE_HEIGHT + rows * PANEL_HEIGHT;
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_WIDTH, legendTop + legendRows * LEGEND_LINE + 12,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        graphics.drawString("Merge queue strategies: p95 time-to-merge in minutes (log scale)", 12, 26);
        int index = 0;
        for (Map.Entry<String, List<Result>> scenario : byScenario.entrySet()) {
            int x = (index % COLUMNS) * PANEL_WIDTH;
            int y = TITLE_HEIGHT + (index / COLUMNS) * PANEL_HEIGHT;
            panel(graphics, scenario.getKey(), scenario.getValue(), strategies, x, y);
            index++;
        }
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < strategies.size(); i++) {
            // Down the first column, then the second, so the legend reads in the panels' order.
            int x = 12 + (i / legendRows) * PANEL_WIDTH;
            int y = legendTop + (i % legendRows) * LEGEND_LINE;
            graphics.setColor(color(strategies, strategies.get(i)));
            graphics.fillRect(x, y + 2, 12, 12);
            graphics.setColor(Color.BLACK);
            graphics.drawString(strategies.get(i), x + 18, y + 13);
        }
        graphics.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void panel(Graphics2D graphics, String title, List<Result> results, List<String> strategies,
            int x, int y) {
        graphics.setColor(Color.BLACK);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        graphics.drawString(title, x + 12, y + 18);
        double top = results.stream().mapToDouble(Result::p95).max().orElse(1);
        double logTop = Math.log10(Math.max(10, top * 1.2));
        int chartTop = y + 30;
        int chartBottom = y + PANEL_HEIGHT - 20;
        int barWidth = (PANEL_WIDTH - 40) / results.size() - 8;
        graphics.setStroke(new BasicStroke(1));
        graphics.setColor(Color.LIGHT_GRAY);
        graphics.drawLine(x + 20, chartBottom, x + PANEL_WIDTH - 20, chartBottom);
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            double value = Math.max(1, result.p95());
            int height = (int) ((chartBottom - chartTop) * Math.log10(value) / logTop);
            int barX = x + 24 + i * (barWidth + 8);
            graphics.setColor(color(strategies, result.strategy()));
            graphics.fillRect(barX, chartBottom - height, barWidth, height);
            graphics.setColor(Color.BLACK);
            graphics.drawString(String.format(Locale.ROOT, "%.0f", result.p95()), barX, chartBottom - height - 3);
        }
    }

    /** The same colour for a strategy in every panel and in the legend. */
    private static Color color(List<String> strategies, String strategy) {
        return COLORS[strategies.indexOf(strategy) % COLORS.length];
    }
}
