package dev.wscodec.conformance.autobahn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the per-section summary of an Autobahn run into {@code docs/CONFORMANCE.md}, between the markers
 * {@code <!-- BEGIN autobahn:AGENT -->} and {@code <!-- END autobahn:AGENT -->}. The table holds counts only (no
 * timings), so a rerun with the same results leaves the file unchanged and a change of results shows in git.
 */
final class ConformanceDoc {

    private static final Map<String, String> TITLES = Map.of(
            "1", "Framing", "2", "Pings/Pongs", "3", "Reserved bits", "4", "Opcodes", "5", "Fragmentation",
            "6", "UTF-8 handling", "7", "Close handling", "9", "Limits/performance", "10", "Miscellaneous",
            "12", "permessage-deflate");

    private ConformanceDoc() {
    }

    /** The markdown table for {@code report}. */
    static String table(AutobahnReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("| Section | Cases | OK | INFORMATIONAL | Not OK (case ids) |\n");
        sb.append("|---|---:|---:|---:|---|\n");
        int total = 0;
        int ok = 0;
        int info = 0;
        for (Map.Entry<String, Map<String, Integer>> e : report.countsBySection().entrySet()) {
            String section = e.getKey();
            int n = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            int sectionOk = e.getValue().getOrDefault(AutobahnReport.OK, 0);
            int sectionInfo = e.getValue().getOrDefault(AutobahnReport.INFORMATIONAL, 0);
            String bad = report.problems().stream().filter(c -> c.section().equals(section))
                    .map(c -> c.id() + " " + c.behavior() + "/" + c.behaviorClose())
                    .collect(Collectors.joining(", "));
            sb.append("| ").append(section).append(' ').append(TITLES.getOrDefault(section, "")).append(" | ")
                    .append(n).append(" | ").append(sectionOk).append(" | ").append(sectionInfo).append(" | ")
                    .append(bad.isEmpty() ? "-" : bad).append(" |\n");
            total += n;
            ok += sectionOk;
            info += sectionInfo;
        }
        sb.append("| **All** | **").append(total).append("** | **").append(ok).append("** | **").append(info)
                .append("** | ").append(report.problems().isEmpty() ? "**none**" : "**" + report.problems().size() + "**")
                .append(" |\n");
        return sb.toString();
    }

    /**
     * Replaces the block of {@code report.agent()} in {@code docs/CONFORMANCE.md} under the project root (system
     * property {@code project.root}, set by the build). Does nothing when the file or its markers are missing, or
     * when only some cases ran ({@code -Dautobahn.cases}).
     */
    static void update(AutobahnReport report) throws IOException {
        String root = System.getProperty("project.root");
        if (root == null || System.getProperty("autobahn.cases") != null) {
            return;
        }
        Path doc = Path.of(root, "docs", "CONFORMANCE.md");
        if (!Files.exists(doc)) {
            return;
        }
        String begin = "<!-- BEGIN autobahn:" + report.agent() + " -->\n";
        String end = "<!-- END autobahn:" + report.agent() + " -->";
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            return;
        }
        String updated = text.substring(0, from + begin.length()) + table(report) + text.substring(to);
        if (!updated.equals(text)) {
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
        }
    }
}
