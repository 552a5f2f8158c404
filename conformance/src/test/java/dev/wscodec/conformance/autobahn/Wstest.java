package dev.wscodec.conformance.autobahn;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.python.core.PySystemState;
import org.python.util.PythonInterpreter;

/**
 * Runs the Autobahn testsuite's {@code wstest} (version 0.5.6, the Python sources bundled in the
 * autobahntestsuite-maven-plugin jar) under Jython in this JVM.
 *
 * <p>Twisted's reactor cannot be restarted, so each JVM runs wstest once: the surefire configuration forks a fresh
 * JVM per test class.
 */
final class Wstest {

    /** A whole fuzzing client run may take this long (section 9 is a few minutes on 2 cores). */
    static final int LIMIT_MINUTES = 20;

    private Wstest() {
    }

    /**
     * Mode {@code fuzzingclient}: runs {@code cases} against the server at {@code url}, blocks until all are done and
     * returns the report directory ({@code outdir/index.json} plus one JSON file per case).
     */
    static Path fuzzingClient(String agent, String url, List<String> cases, List<String> excluded, Path outdir)
            throws InterruptedException {
        String spec = "{\"outdir\": " + quote(outdir.toString())
                + ", \"options\": {\"failByDrop\": false, \"version\": 18}"
                + ", \"servers\": [{\"agent\": " + quote(agent) + ", \"url\": " + quote(url)
                + ", \"options\": {\"version\": 18}}]"
                + ", \"cases\": " + array(cases)
                + ", \"exclude-cases\": " + array(excluded)
                + ", \"exclude-agent-cases\": {}}";
        Thread t = start("fuzzingclient", spec, outdir);
        t.join(TimeUnit.MINUTES.toMillis(LIMIT_MINUTES));
        if (t.isAlive()) {
            throw new AssertionError("wstest's fuzzing client did not finish within " + LIMIT_MINUTES
                    + " minutes; see " + outdir.resolve("wstest.log") + ".");
        }
        return outdir;
    }

    /**
     * Mode {@code fuzzingserver}: starts the fuzzing server on {@code port} in a daemon thread and returns at once.
     * Clients connect to {@code /getCaseCount}, {@code /runCase?case=N&agent=A} and {@code /updateReports?agent=A}.
     */
    static Thread fuzzingServer(int port, List<String> cases, List<String> excluded, Path outdir) {
        String spec = "{\"url\": " + quote("ws://127.0.0.1:" + port)
                + ", \"outdir\": " + quote(outdir.toString())
                + ", \"webport\": 0"   // its report web server on a free port, not 8080
                + ", \"options\": {\"failByDrop\": false}"
                + ", \"cases\": " + array(cases)
                + ", \"exclude-cases\": " + array(excluded)
                + ", \"exclude-agent-cases\": {}}";
        return start("fuzzingserver", spec, outdir);
    }

    /** Runs wstest on a daemon thread, so that a wstest that hangs cannot keep the test JVM alive. */
    private static Thread start(String mode, String spec, Path outdir) {
        Thread t = new Thread(() -> {
            try {
                run(mode, spec, outdir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "wstest-" + mode);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void run(String mode, String spec, Path outdir) throws IOException {
        Files.createDirectories(outdir);
        PySystemState.initialize();
        try (OutputStream log = new FileOutputStream(outdir.resolve("wstest.log").toFile());
             PythonInterpreter py = new PythonInterpreter(null, new PySystemState())) {
            py.setOut(log);
            py.setErr(log);
            py.set("spec_json", spec);
            // Python's io module is imported first: else Twisted's "from io import BytesIO" may find the Java
            // package io (io.vertx, io.netty on the class path) instead.
            py.exec("import io\n"
                    + "import json\n"
                    + "import sys\n"
                    + "from twisted.python import log\n"
                    + "log.startLogging(sys.stdout)\n"
                    + "from autobahntestsuite import wstest\n"
                    + "wstest.start({'mode': '" + mode + "'}, json.loads(spec_json))\n");
        }
    }

    private static String array(List<String> values) {
        return values.stream().map(Wstest::quote).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
