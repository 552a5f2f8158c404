package dev.wscodec.vertx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the JDK's {@code keytool} at test time: a test CA, a server certificate it signed for
 * {@code 127.0.0.1} and {@code localhost} (subject alternative names), and one it signed for another name only.
 * Everything is written as PEM (what {@code PemKeyCertOptions} and the examples' {@code --tls-cert/--tls-key} read),
 * plus a PKCS#12 trust store holding only the CA (for {@code -Djavax.net.ssl.trustStore}). Valid for two days.
 *
 * <p>Shared with the examples' tests through this module's test jar (which holds only this class and {@link TestPorts}).
 */
public final class TestPki {

    public static final String PASSWORD = "changeit";

    /** A server's certificate chain (leaf, then the CA) and its PKCS#8 private key, both PEM. */
    public record ServerFiles(Path certPem, Path keyPem) {
    }

    public final Path dir;
    /** The test CA's certificate, PEM. */
    public final Path caPem;
    /** A PKCS#12 trust store with only the test CA, password {@link #PASSWORD}. */
    public final Path trustStore;
    /** Signed by the CA for IP 127.0.0.1 and DNS localhost. */
    public final ServerFiles server;
    /** Signed by the CA for DNS wrong.example only. */
    public final ServerFiles wrongName;

    private static TestPki instance;

    /** The PKI of this test JVM, made on first use (about nine keytool runs). */
    public static synchronized TestPki get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("wscodec-pki");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            instance = new TestPki(dir);
        }
        return instance;
    }

    private TestPki(Path dir) throws Exception {
        this.dir = dir;
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=wscodec test CA", "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign",
                "-validity", "2", "-keystore", ca.toString());
        caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        trustStore = dir.resolve("truststore.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", trustStore.toString());
        server = signed(ca, "server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost");
        wrongName = signed(ca, "wrong", "CN=wrong.example", "san=dns:wrong.example");
    }

    private ServerFiles signed(Path ca, String name, String dname, String san) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "2", "-keystore", store.toString());
        Path csr = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", csr.toString());
        Path leaf = dir.resolve(name + "-leaf.pem");
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", leaf.toString(), "-validity", "2", "-ext", san, "-ext", "eku=serverAuth",
                "-ext", "ku:c=digitalSignature");
        Path cert = dir.resolve(name + "-cert.pem");
        Files.writeString(cert, Files.readString(leaf) + Files.readString(caPem));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(name, PASSWORD.toCharArray());
        Path keyPem = dir.resolve(name + "-key.pem");
        Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new ServerFiles(cert, keyPem);
    }

    private static void delete(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool runs a JVM of its own: start it the quick way (it does one small job).
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IOException("keytool failed (" + p.exitValue() + "): " + command + "\n" + output);
        }
    }
}
