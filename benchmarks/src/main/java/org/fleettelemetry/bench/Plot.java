package org.fleettelemetry.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * The report's picture: one panel per kind of figure, a horizontal bar per figure and its target as a dashed line, a
 * bar green when it meets its target, red when it misses it, grey without one. Panels: the ratios of ours to the peer
 * measured in the same run (where a noisy machine cancels out), our CPU per line over the peers', the query API's
 * latency (ms) and the alert delay (s).
 */
public final class Plot {
    private static final int WIDTH = 1100;
    private static final int BAR = 26;
    private static final int GAP = 10;
    private static final int LABEL = 470;
    private static final int MARGIN = 20;
    private static final Color MET = new Color(0x2e7d32);
    private static final Color MISSED = new Color(0xc62828);
    private static final Color PLAIN = new Color(0x757575);

    /** A titled group of figures, all in one unit. */
    public record Panel(String title, List<Figure> figures) {}

    private Plot() {}

    /** The panels the pipeline harness's figures make; empty panels are left out. */
    public static List<Panel> panels(List<Figure> figures) {
        List<Panel> panels = new ArrayList<>();
        add(
                panels,
                "Ours / the peer, same run (higher is better)",
                figures,
                f -> f.measure().startsWith("ratio"));
        add(
                panels,
                "CPU per line, ours / the peer, same run (lower is better)",
                figures,
                f -> f.measure().startsWith("CPU ratio"));
        add(
                panels,
                "Query API latency, ms (lower is better)",
                figures,
                f -> f.unit().equals("ms") && f.measure().startsWith("query API"));
        add(
                panels,
                "Alert delay, s (lower is better)",
                figures,
                f -> f.unit().equals("s") && f.measure().startsWith("alert delay"));
        return panels;
    }

    private static void add(List<Panel> panels, String title, List<Figure> figures, Predicate<Figure> which) {
        List<Figure> chosen = figures.stream()
                .filter(which)
                .filter(f -> !Double.isNaN(f.value()))
                .toList();
        if (!chosen.isEmpty()) {
            panels.add(new Panel(title, chosen));
        }
    }

    /** Draws the panels into a PNG file; false (and no file) when there is nothing to draw. */
    public static boolean write(List<Panel> panels, String caption, Path png) throws IOException {
        if (panels.isEmpty()) {
            return false;
        }
        System.setProperty("java.awt.headless", "true");
        int height = MARGIN + 30;
        for (Panel p : panels) {
            height += panelHeight(p);
        }
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(caption, MARGIN, MARGIN + 10);
            int y = MARGIN + 30;
            for (Panel p : panels) {
                drawPanel(g, p, y);
                y += panelHeight(p);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
        return true;
    }

    private static int panelHeight(Panel p) {
        return 30 + p.figures().size() * (BAR + GAP) + 30;
    }

    private static void drawPanel(Graphics2D g, Panel p, int top) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(p.title(), MARGIN, top + 18);
        double max = 0;
        for (Figure f : p.figures()) {
            max = Math.max(max, f.value());
            if (!f.target().isEmpty()) {
                max = Math.max(max, bound(f));
            }
        }
        max = max <= 0 ? 1 : max * 1.1;
        int x0 = MARGIN + LABEL;
        int span = WIDTH - x0 - MARGIN - 90;
        int y = top + 30;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics metrics = g.getFontMetrics();
        for (Figure f : p.figures()) {
            String label = shorten(f.measure(), metrics, LABEL - 10);
            g.setColor(Color.BLACK);
            g.drawString(label, MARGIN, y + BAR / 2 + 5);
            int length = (int) Math.round(span * Math.max(0, f.value()) / max);
            g.setColor(
                    switch (f.met()) {
                        case "yes" -> MET;
                        case "NO" -> MISSED;
                        default -> PLAIN;
                    });
            g.fillRect(x0, y, Math.max(1, length), BAR);
            g.setColor(Color.BLACK);
            g.drawString(
                    f.formattedValue() + (f.target().isEmpty() ? "" : "  (" + f.target() + ")"),
                    x0 + length + 6,
                    y + BAR / 2 + 5);
            if (!f.target().isEmpty()) {
                int tx = x0 + (int) Math.round(span * bound(f) / max);
                g.setStroke(new BasicStroke(
                        2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
                g.drawLine(tx, y - 3, tx, y + BAR + 3);
                g.setStroke(new BasicStroke(1f));
            }
            y += BAR + GAP;
        }
        g.setColor(Color.LIGHT_GRAY);
        g.drawLine(x0, top + 26, x0, y);
    }

    private static double bound(Figure f) {
        return Double.parseDouble(f.target().substring(2).trim());
    }

    private static String shorten(String text, FontMetrics metrics, int width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && metrics.stringWidth(s + "...") > width) {
            s = s.substring(0, s.length() - 1);
        }
        return s + "...";
    }
}
