package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real browser: the shaded jar's {@code demo} command as a process, and headless Chromium driven by
 * {@code playwright-core} ({@code src/test/js/browser-test.mjs}): echo, chat between two pages, the seeds' echo page
 * ({@code src/test/js/seed-echo.html}, which connects to {@code /}), the close code 1001
 * when the server is stopped, once with permessage-deflate accepted and once declined. The first run writes
 * {@code examples/target/screenshot.png} ({@code docs/screenshot.png} with {@code -Dscreenshot.update=true}); the second restarts the server and sees the page reconnect. Skipped only when node or
 * Chromium is not installed.
 */
class BrowserIT {

    private static final Path ROOT = Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @BeforeAll
    static void needsNodeAndChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), () -> {
            String why = "Skipping the browser test: Chromium is not installed at " + CHROMIUM
                    + " (apt-get install chromium chromium-driver).";
            System.out.println(why);
            return why;
        });
        boolean node;
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            node = false;
        }
        boolean hasNode = node;
        assumeTrue(hasNode, () -> {
            String why = "Skipping the browser test: node is not on the PATH.";
            System.out.println(why);
            return why;
        });
        assertTrue(Files.isDirectory(ROOT.resolve("ci-node/node_modules/playwright-core")),
                "playwright-core is not installed; run 'cd ci-node && npm ci' (.ci/run does).");
    }

    @Test
    void demoWithPermessageDeflate() throws Exception {
        // The README's picture is refreshed only on request, so that a test run leaves the work tree clean.
        Path shot = Boolean.getBoolean("screenshot.update")
                ? ROOT.resolve("docs/screenshot.png")
                : ROOT.resolve("examples/target/screenshot.png");
        Files.createDirectories(shot.getParent());
        runBrowserAgainstDemo("on", shot);
    }

    @Test
    void demoWithoutCompression() throws Exception {
        runBrowserAgainstDemo("off", null);
    }

    private static void runBrowserAgainstDemo(String deflate, Path screenshot) throws Exception {
        List<String> args = new ArrayList<>(List.of("demo", "--port", "0"));
        if (deflate.equals("off")) {
            args.add("--no-deflate");
        }
        JarProcess demo = JarProcess.start(args.toArray(String[]::new));
        JarProcess restarted = null;
        try {
            int port = Integer.parseInt(demo.awaitLine("localhost:(\\d+)/ .*permessage-deflate " + deflate, 30).group(1));
            ProcessBuilder pb = new ProcessBuilder("node", ROOT.resolve("examples/src/test/js/browser-test.mjs").toString(),
                    "http://localhost:" + port + "/", Long.toString(demo.process().pid()), deflate);
            if (screenshot != null) {
                pb.command().add(screenshot.toString());
            }
            pb.environment().put("CI_NODE_DIR", ROOT.resolve("ci-node").toString());
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            boolean restart = screenshot == null;   // one of the two runs also checks that the page reconnects
            pb.environment().put("EXPECT_RESTART", restart ? "1" : "0");
            pb.redirectErrorStream(true);
            Process node = pb.start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {      // ends when node exits
                    out.append(line).append('\n');
                    if (line.equals("AWAITING RESTART")) {
                        // The script stopped the server with SIGTERM; it shut down gracefully. Start it again.
                        demo.awaitLine("Shutting down: closing every connection with 1001", 10);
                        assertEquals(143, demo.awaitExit(30), "exit status of a JVM stopped by SIGTERM");
                        args.set(2, Integer.toString(port));
                        restarted = JarProcess.start(args.toArray(String[]::new));
                        restarted.awaitLine("localhost:" + port + "/", 30);
                    }
                }
            }
            assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node did not finish");
            System.out.println("browser test (deflate " + deflate + "):\n" + out);
            assertEquals(0, node.exitValue(), "The browser test failed:\n" + out + "\nServer output:\n" + demo.transcript());
            assertTrue(out.toString().contains("BROWSER TEST PASSED"), out.toString());
            if (restarted == null) {   // else checked before the restart
                demo.awaitLine("Shutting down: closing every connection with 1001", 10);
                assertEquals(143, demo.awaitExit(30), "exit status of a JVM stopped by SIGTERM");
            }
            if (restart) {
                assertTrue(restarted != null && out.toString().contains("reconnect: the page reconnected"), out.toString());
            }
            if (screenshot != null) {
                assertTrue(Files.size(screenshot) > 10_000, "the screenshot was written: " + screenshot);
            }
        } finally {
            demo.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }
}
