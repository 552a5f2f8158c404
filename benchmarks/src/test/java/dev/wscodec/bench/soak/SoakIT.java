package dev.wscodec.bench.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The 60-second soak in {@code mvn verify}: the examples jar's demo and ticker as server JVMs with -Xmx512m,
 * well-behaved echo, chat and ticker clients that must see no error and every echo and chat line, next to churn, ping
 * floods, deflate bombs and clients that never read; the servers' heap after GC must stay bounded and flat and their
 * descriptors must come back. The 10-minute version and its results: docs/RELIABILITY.md.
 */
class SoakIT {

    @Test
    void sixtySecondsOfWellBehavedAndHostileClients() throws Exception {
        Path jar = Path.of(System.getProperty("examples.jar", "../examples/target/wscodec-examples.jar"));
        assertTrue(Files.isRegularFile(jar), "The examples jar " + jar.toAbsolutePath() + " is built by 'mvn "
                + "verify' before this module.");
        Path out = Path.of(System.getProperty("soak.out", "target/soak"));
        Soak.Result r = Soak.run(Soak.Config.ci(jar, out), System.out);
        System.out.println(r.summary());
        assertTrue(r.passed(), "The soak failed:\n" + String.join("\n", r.failures()));
        assertTrue(Files.readString(out.resolve("soak.svg")).contains("<polyline"), "the graph was drawn");
    }
}
