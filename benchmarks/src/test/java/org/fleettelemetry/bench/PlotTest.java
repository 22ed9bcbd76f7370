package org.fleettelemetry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotTest {
    private static final int MET = 0x2e7d32;
    private static final int MISSED = 0xc62828;

    @TempDir
    Path dir;

    private static Figure figure(String measure, double value, String unit, String target) {
        return new Figure(measure, value, unit, target, "0.1 0.1 0.1", "test");
    }

    @Test
    void shouldDrawOnePanelPerKindWithMetAndMissedBarsWhenFiguresHaveTargets() throws Exception {
        List<Figure> figures = List.of(
                figure("ratio collector / kcat", 0.4, "", ">= 1.0"),
                figure("collector end to end", 50_000, "lines/s", ""),
                figure("query API local lookup, p99", 3.1, "ms", "<= 20"),
                figure("alert delay p99 (20 incidents)", 0.9, "s", "<= 2"));
        List<Plot.Panel> panels = Plot.panels(figures);

        assertThat(panels).extracting(Plot.Panel::title).hasSize(3);
        assertThat(panels.get(0).figures()).extracting(Figure::measure).containsExactly("ratio collector / kcat");

        Path png = dir.resolve("plot.png");
        assertThat(Plot.write(panels, "test run", png)).isTrue();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(count(image, MISSED)).as("the missed ratio's red bar").isPositive();
        assertThat(count(image, MET)).as("the met latencies' green bars").isPositive();
    }

    @Test
    void shouldWriteNothingWhenNoFigureFitsAPanel() throws Exception {
        Path png = dir.resolve("none.png");

        assertThat(Plot.write(Plot.panels(List.of(figure("collector end to end", 1, "lines/s", ""))), "x", png))
                .isFalse();
        assertThat(png).doesNotExist();
    }

    private static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
