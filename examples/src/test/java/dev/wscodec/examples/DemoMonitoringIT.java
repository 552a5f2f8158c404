package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code demo} as a process, seen as a load balancer and a Prometheus server see it: {@code /health} is
 * 200 while serving and 503 once SIGTERM arrived (for the {@code --drain} seconds before the port closes);
 * {@code /metrics} counts the sessions.
 */
class DemoMonitoringIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAndMetricsOverHttpThen503WhileDraining() throws Exception {
        try (JarProcess demo = JarProcess.start("demo", "--port", "0", "--host", "127.0.0.1", "--drain", "5")) {
            int port = Integer.parseInt(demo.awaitLine("http://127\\.0\\.0\\.1:(\\d+)/ .*/metrics, /health", 30)
                    .group(1));
            HttpResponse<String> health = get(port, "/health");
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());

            for (String path : new String[] {"/echo", "/chat"}) {
                try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + path)) {
                    c.sendText("hello " + path);
                    String got = "";
                    for (int i = 0; i < 3 && !got.contains("hello " + path); i++) {
                        got = String.valueOf(c.next()); // the chat greets first, then broadcasts the line
                    }
                    assertTrue(got.contains("hello " + path), got);
                }
            }
            HttpResponse<String> metrics = get(port, "/metrics");
            assertEquals(Monitoring.PROMETHEUS_TEXT, metrics.headers().firstValue("Content-Type").orElse(""));
            String text = metrics.body();
            assertEquals(2, DemoMonitoringTest.sample(text, "ws_handshakes_total{status=\"101\"}"), text);
            assertTrue(DemoMonitoringTest.sample(text, "ws_messages_total{direction=\"in\"}") >= 2, text);
            assertTrue(DemoMonitoringTest.sample(text, "process_files_open_files") > 0, text);

            // SIGTERM, as Ctrl+C or an orchestrator would send it (through the handle: Process.destroy() would also
            // close our end of the process's output, and its last lines would be lost).
            assertTrue(demo.process().toHandle().destroy());
            demo.awaitLine("Draining: /health answers 503; closing in 5 s", 10);
            HttpResponse<String> draining = get(port, "/health");
            assertEquals(503, draining.statusCode(), "the load balancer is told to send no one new");
            assertEquals("shutting down\n", draining.body());
            demo.awaitLine("Shutting down: closing every connection with 1001", 15);
            assertEquals(143, demo.awaitExit(30), "exit status of a JVM stopped by SIGTERM");
        }
    }
}
