package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo page in a real browser: the shaded jar's {@code demo} command as a process, and headless Chromium driven by
 * {@code playwright-core} ({@code src/test/js/browser-test.mjs}): echo, chat between two pages, the close code 1001
 * when the server is stopped, once with permessage-deflate accepted and once declined. The first run writes
 * {@code docs/screenshot.png}. Skipped only when node or Chromium is not installed.
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
        Files.createDirectories(ROOT.resolve("docs"));
        runBrowserAgainstDemo("on", ROOT.resolve("docs/screenshot.png"));
    }

    @Test
    void demoWithoutCompression() throws Exception {
        runBrowserAgainstDemo("off", null);
    }

    private static void runBrowserAgainstDemo(String deflate, Path screenshot) throws Exception {
        try (JarProcess demo = deflate.equals("on") ? JarProcess.start("demo", "--port", "0")
                : JarProcess.start("demo", "--port", "0", "--no-deflate")) {
            int port = Integer.parseInt(demo.awaitLine("localhost:(\\d+)/ .*permessage-deflate " + deflate, 30).group(1));
            ProcessBuilder pb = new ProcessBuilder("node", ROOT.resolve("examples/src/test/js/browser-test.mjs").toString(),
                    "http://localhost:" + port + "/", Long.toString(demo.process().pid()), deflate);
            if (screenshot != null) {
                pb.command().add(screenshot.toString());
            }
            pb.environment().put("CI_NODE_DIR", ROOT.resolve("ci-node").toString());
            pb.environment().put("CHROMIUM", CHROMIUM.toString());
            pb.redirectErrorStream(true);
            Process node = pb.start();
            byte[] output = node.getInputStream().readAllBytes();   // ends when node exits
            assertTrue(node.waitFor(120, TimeUnit.SECONDS), "node did not finish");
            String out = new String(output, StandardCharsets.UTF_8);
            System.out.println("browser test (deflate " + deflate + "):\n" + out);
            assertEquals(0, node.exitValue(), "The browser test failed:\n" + out + "\nServer output:\n" + demo.transcript());
            assertTrue(out.contains("BROWSER TEST PASSED"), out);
            // The script stopped the server with SIGTERM; it shut down gracefully and exited.
            demo.awaitLine("Shutting down: closing every connection with 1001", 10);
            assertEquals(143, demo.awaitExit(30), "exit status of a JVM stopped by SIGTERM");
            if (screenshot != null) {
                assertTrue(Files.size(screenshot) > 10_000, "the screenshot was written: " + screenshot);
            }
        }
    }
}
