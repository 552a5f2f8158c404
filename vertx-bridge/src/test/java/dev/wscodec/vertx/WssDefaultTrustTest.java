package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code new WsClientOptions()} trusts what the JDK trusts: in a forked JVM whose default trust store
 * ({@code -Djavax.net.ssl.trustStore}) is the test CA, a client with default options connects to a wss:// server
 * whose certificate the CA signed.
 */
@ExtendWith(VertxExtension.class)
class WssDefaultTrustTest {

    @Test
    void defaultOptionsTrustTheJdkDefaultTrustStore(Vertx vertx) throws Exception {
        TestPki pki = TestPki.get();
        WsServerOptions options = TestSupport.serverOptions().setNetServerOptions(new NetServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(pki.server.certPem().toString())
                        .setKeyPath(pki.server.keyPem().toString())));
        int port = TestSupport.deploy(vertx, options, session -> session.send(session.receive()));
        String url = "wss://localhost:" + port + "/";

        Result trusted = probe(url, List.of("-Djavax.net.ssl.trustStore=" + pki.trustStore,
                "-Djavax.net.ssl.trustStorePassword=" + TestPki.PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12"));
        assertEquals(0, trusted.exit(), trusted.output());
        assertTrue(trusted.output().contains("echo: probe"), trusted.output());
        // Without the property the JDK's cacerts are used and the test CA is refused: WssTest, in this JVM.
    }

    private record Result(int exit, String output) {
    }

    private static Result probe(String url, List<String> jvmOptions) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DefaultTrustProbe.class.getName(), url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("The probe did not finish: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
