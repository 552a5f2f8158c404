package dev.wscodec.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fan-out benchmark's floor ({@link FloorServer}) with the benchmark's own subscribers ({@link FanoutGen}) over
 * real sockets on 127.0.0.1: the handshake is accepted, every subscriber gets every publication whole (the generator
 * checks the first subscriber's message sizes), and the report line carries the server's CPU. No timing is asserted.
 */
class FloorServerTest {

    @Test
    void everySubscriberGetsEveryPublicationOfEachSize() throws Exception {
        FloorServer server = FloorServer.open(0, 0);
        Thread loop = new Thread(() -> {
            try {
                server.loop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "floor");
        loop.setDaemon(true);
        loop.start();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            FanoutGen.main(new String[] {"--port", Integer.toString(server.port()), "--control",
                    Integer.toString(server.controlPort()), "--label", "floor:20:1", "--subs", "20", "--sizes",
                    "32,1024,70000", "--rates", "40,40,40", "--warmup", "0.1", "--duration", "0.25"});
        } finally {
            System.setOut(stdout);
        }

        List<String> results = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("RESULT "))
                .toList();
        assertEquals(3, results.size(), out.toString(StandardCharsets.UTF_8));
        for (String line : results) {
            Map<String, String> kv = new HashMap<>();
            for (String part : line.split(" ")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    kv.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
            assertEquals("true", kv.get("complete"), line);
            assertEquals(kv.get("expected"), kv.get("delivered"), line);
            assertEquals(20 * 10, Long.parseLong(kv.get("expected")), line); // 40/s for 0.25 s, to 20 subscribers
            assertEquals(Double.parseDouble(kv.get("size")), Double.parseDouble(kv.get("wire_bytes_per_msg")), line);
            assertTrue(Long.parseLong(kv.get("checked")) > 0, line);
            assertTrue(Double.parseDouble(kv.get("server_cpu_s")) > 0, line);
        }
    }
}
