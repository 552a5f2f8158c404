package dev.wscodec.conformance.autobahn;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The results of one agent in a wstest report directory ({@code index.json}). */
record AutobahnReport(String agent, List<CaseResult> cases) {

    /** Behaviors Autobahn reports. Only OK passes; INFORMATIONAL is accepted for the cases Autobahn never grades. */
    static final String OK = "OK";
    static final String INFORMATIONAL = "INFORMATIONAL";

    /** One case: its id ("6.4.3"), the behavior of the data exchange and of the closing handshake. */
    record CaseResult(String id, String behavior, String behaviorClose, long durationMs, Integer remoteCloseCode,
                      String reportFile) {

        String section() {
            return id.substring(0, id.indexOf('.'));
        }

        /** OK both ways, or INFORMATIONAL (Autobahn's grade for cases 1-7/9 that only measure, e.g. 7.1.6). */
        boolean passed() {
            boolean data = OK.equals(behavior) || INFORMATIONAL.equals(behavior);
            boolean close = OK.equals(behaviorClose) || INFORMATIONAL.equals(behaviorClose);
            return data && close;
        }
    }

    static AutobahnReport read(Path outdir, String agent) throws IOException {
        Path index = outdir.resolve("index.json");
        if (!Files.exists(index)) {
            throw new IllegalStateException("wstest wrote no " + index + "; see " + outdir.resolve("wstest.log") + ".");
        }
        JsonObject root = new JsonObject(Files.readString(index, StandardCharsets.UTF_8));
        JsonObject byCase = root.getJsonObject(agent);
        if (byCase == null) {
            throw new IllegalStateException("The report " + index + " has no results for agent '" + agent + "' but for "
                    + root.fieldNames() + ".");
        }
        List<CaseResult> cases = new ArrayList<>();
        for (String id : byCase.fieldNames()) {
            JsonObject c = byCase.getJsonObject(id);
            Number code = c.getNumber("remoteCloseCode");
            cases.add(new CaseResult(id, c.getString("behavior"), c.getString("behaviorClose"),
                    c.getNumber("duration", 0).longValue(), code == null ? null : code.intValue(),
                    c.getString("reportfile")));
        }
        cases.sort(Comparator.comparing(CaseResult::id, AutobahnReport::compareIds));
        return new AutobahnReport(agent, List.copyOf(cases));
    }

    List<CaseResult> problems() {
        return cases.stream().filter(c -> !c.passed()).toList();
    }

    /** Section ("1".."10") to behavior to count, sections in numeric order. */
    Map<String, Map<String, Integer>> countsBySection() {
        Map<String, Map<String, Integer>> counts = new TreeMap<>(AutobahnReport::compareIds);
        for (CaseResult c : cases) {
            String b;
            if (c.passed()) {
                b = INFORMATIONAL.equals(c.behavior()) ? INFORMATIONAL : OK;
            } else {
                b = OK.equals(c.behavior()) ? c.behaviorClose() + " (close)" : c.behavior();
            }
            counts.computeIfAbsent(c.section(), s -> new TreeMap<>()).merge(b, 1, Integer::sum);
        }
        return counts;
    }

    /** A failure message naming every case that did not pass and what the case report says about it. */
    String describeProblems(Path outdir) {
        StringBuilder sb = new StringBuilder();
        for (CaseResult c : problems()) {
            sb.append("\n  case ").append(c.id()).append(": ").append(c.behavior()).append(" / close ")
                    .append(c.behaviorClose()).append(", remote close code ").append(c.remoteCloseCode());
            try {
                JsonObject r = new JsonObject(Files.readString(outdir.resolve(c.reportFile()), StandardCharsets.UTF_8));
                sb.append("\n    ").append(r.getString("description"))
                        .append("\n    result: ").append(r.getString("result"))
                        .append("\n    close: ").append(r.getString("resultClose"));
            } catch (IOException | RuntimeException e) {
                sb.append(" (case report unreadable: ").append(e.getMessage()).append(')');
            }
        }
        return sb.toString();
    }

    /** Compares dotted ids numerically: 1.2 < 1.10 < 2. */
    static int compareIds(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }
}
