package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.vertx.TestPki;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar's servers with {@code --tls-cert/--tls-key} and its {@code client} against them over wss://, with a test CA
 * made by {@link TestPki}: trusted with {@code --trust}, through the JDK's default trust store, not at all, and
 * {@code --insecure}.
 */
class TlsIT {

    private static TestPki pki;
    private static JarProcess echo;
    private static int port;

    @BeforeAll
    static void startEcho() throws Exception {
        pki = TestPki.get();
        echo = JarProcess.start("echo", "--port", "0", "--host", "127.0.0.1",
                "--tls-cert", pki.server.certPem().toString(), "--tls-key", pki.server.keyPem().toString());
        port = Integer.parseInt(echo.awaitLine("Echo server on wss://127\\.0\\.0\\.1:(\\d+)/, ", 30).group(1));
    }

    @AfterAll
    static void stopEcho() throws Exception {
        if (echo != null) {
            echo.close();
        }
    }

    /** Sends a line, expects its echo, ends input and expects exit 0. */
    private static void echoOneLine(JarProcess client, String url) throws Exception {
        client.awaitLine("^\\[err\\] Connected to " + url.replace(".", "\\.") + " ", 30);
        OutputStream stdin = client.stdin();
        stdin.write("over tls\n".getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        client.awaitLine("^< over tls$", 10);
        stdin.close();
        client.awaitLine("^\\[err\\] Closed: 1000", 10);
        assertEquals(0, client.awaitExit(15), client.transcript());
    }

    @Test
    void clientWithTheTestCaAsTrustEchoes() throws Exception {
        String url = "wss://127.0.0.1:" + port + "/";
        try (JarProcess client = JarProcess.start("client", "--trust", pki.caPem.toString(), url)) {
            echoOneLine(client, url);
        }
    }

    @Test
    void clientWithoutTrustUsesTheJdkDefaultTrustStore() throws Exception {
        String url = "wss://localhost:" + port + "/";
        try (JarProcess client = JarProcess.startWithJvmOptions(List.of(
                "-Djavax.net.ssl.trustStore=" + pki.trustStore, "-Djavax.net.ssl.trustStorePassword=" + TestPki.PASSWORD,
                "-Djavax.net.ssl.trustStoreType=PKCS12"), "client", url)) {
            echoOneLine(client, url);
        }
    }

    @Test
    void clientWithoutTrustRefusesTheCertificateAndExitsNonZero() throws Exception {
        try (JarProcess client = JarProcess.start("client", "wss://127.0.0.1:" + port + "/")) {
            client.awaitLine("^\\[err\\] Cannot connect to wss://127\\.0\\.0\\.1:" + port + "/: the server's certificate"
                    + " was refused \\(PKIX path building failed.*\\)\\. If it comes from a private CA, give that CA"
                    + " with --trust CA\\.pem\\.$", 30);
            assertEquals(1, client.awaitExit(15), client.transcript());
        }
    }

    @Test
    void clientRefusesACertificateForAnotherName() throws Exception {
        try (JarProcess wrong = JarProcess.start("echo", "--port", "0", "--host", "127.0.0.1",
                "--tls-cert", pki.wrongName.certPem().toString(), "--tls-key", pki.wrongName.keyPem().toString())) {
            int wrongPort = Integer.parseInt(wrong.awaitLine("Echo server on wss://127\\.0\\.0\\.1:(\\d+)/, ", 30).group(1));
            try (JarProcess client = JarProcess.start("client", "--trust", pki.caPem.toString(),
                    "wss://127.0.0.1:" + wrongPort + "/")) {
                client.awaitLine("^\\[err\\] Cannot connect to .*: the server's certificate was refused \\(No subject"
                        + " alternative names matching IP address 127\\.0\\.0\\.1 found\\)", 30);
                assertEquals(1, client.awaitExit(15), client.transcript());
            }
        }
    }

    @Test
    void insecureConnectsWithALoudWarning() throws Exception {
        String url = "wss://127.0.0.1:" + port + "/";
        try (JarProcess client = JarProcess.start("client", "--insecure", url)) {
            client.awaitLine("^\\[err\\] WARNING: --insecure: the server's certificate and host name are NOT verified\\.",
                    30);
            echoOneLine(client, url);
        }
    }

    @Test
    void tlsOptionsAreCheckedBeforeStarting() throws Exception {
        try (JarProcess bad = JarProcess.start("echo", "--tls-cert", pki.server.certPem().toString())) {
            bad.awaitLine("^\\[err\\] --tls-cert and --tls-key go together", 30);
            assertEquals(2, bad.awaitExit(15));
        }
        try (JarProcess bad = JarProcess.start("client", "--trust", pki.caPem.toString(), "--insecure",
                "wss://127.0.0.1:" + port + "/")) {
            bad.awaitLine("^\\[err\\] --trust and --insecure contradict each other", 30);
            assertEquals(2, bad.awaitExit(15));
        }
        String missing = pki.dir.resolve("missing.pem").toString();
        try (JarProcess bad = JarProcess.start("client", "--trust", missing, "wss://127.0.0.1:" + port + "/")) {
            bad.awaitLine("^\\[err\\] The file given to --trust, '" + java.util.regex.Pattern.quote(missing)
                    + "', cannot be read\\.$", 30);
            assertEquals(2, bad.awaitExit(15));
        }
    }

    @Test
    void blockingServesWssWithTheJdkAlone() throws Exception {
        try (JarProcess blocking = JarProcess.start("blocking", "--port", "0", "--host", "127.0.0.1",
                "--tls-cert", pki.server.certPem().toString(), "--tls-key", pki.server.keyPem().toString())) {
            int blockingPort = Integer.parseInt(blocking.awaitLine("on wss://127\\.0\\.0\\.1:(\\d+)/, ", 30).group(1));
            String url = "wss://localhost:" + blockingPort + "/";
            try (JarProcess client = JarProcess.start("client", "--trust", pki.caPem.toString(), url)) {
                echoOneLine(client, url);
            }
        }
    }

    @Test
    void demoServesTheChatOverWss() throws Exception {
        try (JarProcess demo = JarProcess.start("demo", "--port", "0", "--host", "127.0.0.1",
                "--tls-cert", pki.server.certPem().toString(), "--tls-key", pki.server.keyPem().toString())) {
            int demoPort = Integer.parseInt(demo.awaitLine("open https://127\\.0\\.0\\.1:(\\d+)/ ", 30).group(1));
            String url = "wss://localhost:" + demoPort + "/echo";
            try (JarProcess client = JarProcess.start("client", "--trust", pki.caPem.toString(), url)) {
                echoOneLine(client, url);
            }
        }
    }
}
