package dev.wscodec.conformance.autobahn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs every Autobahn case against a server and checks that each one is OK. */
final class AutobahnRun {

    /**
     * All cases of the bundled wstest 0.5.6: sections 1-7, 9 and 10. It has no section 12/13 (permessage-deflate),
     * so compression is covered by the peer tests instead.
     */
    static final List<String> ALL_CASES = List.of(System.getProperty("autobahn.cases", "*").split(","));
    /** Fewer than this many cases means the run broke off. */
    static final int MIN_CASES = System.getProperty("autobahn.cases") == null ? 290 : 1;

    private AutobahnRun() {
    }

    static void skipIfAsked() {
        assumeFalse(Boolean.getBoolean("autobahn.skip"), "Autobahn runs skipped: -Dautobahn.skip=true");
    }

    /** Runs wstest's fuzzing client against {@code url}, publishes the summary and asserts that every case is OK. */
    static AutobahnReport fuzzServer(String agent, String url) throws IOException, InterruptedException {
        Path out = Path.of("target", "autobahn", agent);
        long start = System.nanoTime();
        Wstest.fuzzingClient(agent, url, ALL_CASES, List.of(), out);
        AutobahnReport report = AutobahnReport.read(out, agent);
        System.out.printf("Autobahn fuzzingclient against %s: %d cases in %d s, %s%n", agent, report.cases().size(),
                (System.nanoTime() - start) / 1_000_000_000L, report.countsBySection());
        ConformanceDoc.update(report);
        assertOk(report, out);
        return report;
    }

    static void assertOk(AutobahnReport report, Path out) {
        List<String> notOk = report.problems().stream().map(AutobahnReport.CaseResult::id).toList();
        assertEquals(List.of(), notOk,
                "Autobahn cases not OK for " + report.agent() + " (reports in " + out.toAbsolutePath() + "):"
                        + report.describeProblems(out));
        assertTrue(report.cases().size() >= MIN_CASES, "Only " + report.cases().size() + " Autobahn cases ran for "
                + report.agent() + "; expected at least " + MIN_CASES + ".");
    }
}
