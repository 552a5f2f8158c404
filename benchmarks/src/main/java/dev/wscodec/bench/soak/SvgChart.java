package dev.wscodec.bench.soak;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The soak's graph, written by hand as SVG: one panel per measure (heap after GC, RSS, open descriptors) over time,
 * one line per server, the warm-up shaded.
 */
final class SvgChart {

    private static final int W = 900;
    private static final int PANEL_H = 200;
    private static final int LEFT = 70;
    private static final int RIGHT = 150;
    private static final int TOP = 40;
    private static final int GAP = 50;
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private SvgChart() {
    }

    static String render(String title, List<ServerProcess.Sample> samples, double warmupS, double endS) {
        Map<String, List<ServerProcess.Sample>> byServer = new LinkedHashMap<>();
        for (ServerProcess.Sample s : samples) {
            byServer.computeIfAbsent(s.server(), k -> new ArrayList<>()).add(s);
        }
        List<Panel> panels = List.of(
                new Panel("Heap after full GC (MiB)", ServerProcess.Sample::heapAfterGcMib),
                new Panel("Resident memory, RSS (MiB)", ServerProcess.Sample::rssMib),
                new Panel("Open file descriptors", s -> s.fds()));
        int h = TOP + panels.size() * (PANEL_H + GAP) + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", W, h, W, h));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(W / 2).append("\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">")
                .append(escape(title)).append("</text>\n");
        double xMax = Math.max(endS, 1);
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int y0 = TOP + p * (PANEL_H + GAP);
            double yMax = 0;
            for (ServerProcess.Sample s : samples) {
                yMax = Math.max(yMax, panel.value.applyAsDouble(s));
            }
            yMax = niceCeiling(yMax * 1.1);
            int plotW = W - LEFT - RIGHT;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n",
                    LEFT, y0 - 6, escape(panel.title)));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                    + "fill=\"#eeeeee\"/>\n", LEFT, y0, plotW * Math.min(1, warmupS / xMax), PANEL_H));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                    + "stroke=\"#444\"/>\n", LEFT, y0, plotW, PANEL_H));
            for (int g = 0; g <= 4; g++) {
                double v = yMax * g / 4;
                double y = y0 + PANEL_H - PANEL_H * g / 4.0;
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
                        + "stroke=\"#ccc\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                        LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, fmt(v)));
            }
            // Whole minutes on a long run, 10 s steps on a short one.
            double step = xMax >= 180 ? 60 : 10;
            for (double t = 0; t <= xMax; t += step) {
                double x = LEFT + plotW * t / xMax;
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        x, y0 + PANEL_H + 15, step == 60 ? fmt(t / 60) + " min" : fmt(t) + " s"));
            }
            int c = 0;
            for (Map.Entry<String, List<ServerProcess.Sample>> e : byServer.entrySet()) {
                String color = COLORS[c % COLORS.length];
                StringBuilder pts = new StringBuilder();
                for (ServerProcess.Sample s : e.getValue()) {
                    double x = LEFT + plotW * s.seconds() / xMax;
                    double y = y0 + PANEL_H - PANEL_H * panel.value.applyAsDouble(s) / yMax;
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
                svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(color)
                        .append("\" points=\"").append(pts.toString().trim()).append("\"/>\n");
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n",
                        LEFT + plotW + 10, y0 + 20 + 16 * c, color, escape(e.getKey())));
                c++;
            }
            if (p == 0) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#777\">warm-up shaded</text>\n",
                        LEFT + plotW + 10, y0 + PANEL_H - 5));
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Panel(String title, ToDoubleFunction<ServerProcess.Sample> value) {
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * mag >= v) {
                return step * mag;
            }
        }
        return 10 * mag;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
