package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * wss:// against servers whose certificates a test CA signed ({@link TestPki}): trusted through the options, through
 * the JDK's default trust store, not trusted, and for the wrong host name.
 */
@ExtendWith(VertxExtension.class)
class WssTest {

    private Vertx vertx;
    private TestPki pki;
    /** Certificate for 127.0.0.1 and localhost. */
    private int port;
    /** Certificate for wrong.example only. */
    private int wrongNamePort;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        pki = TestPki.get();
        port = deployTls(pki.server);
        wrongNamePort = deployTls(pki.wrongName);
    }

    private int deployTls(TestPki.ServerFiles files) throws Exception {
        WsServerOptions options = TestSupport.serverOptions().setNetServerOptions(new NetServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(files.certPem().toString())
                        .setKeyPath(files.keyPem().toString())));
        return TestSupport.deploy(vertx, options, session -> session.send(session.receive()));
    }

    private WsClientOptions trustingTheTestCa() {
        return TestSupport.clientOptions().setTrustOptions(new PemTrustOptions().addCertPath(pki.caPem.toString()));
    }

    @Test
    void echoesOverWssWhenTheTestCaIsGivenAsTrust() {
        WsClient client = WsClient.create(vertx, trustingTheTestCa());
        for (String host : List.of("127.0.0.1", "localhost")) {
            WsSession session = client.connect("wss://" + host + ":" + port + "/secure")
                    .timeout(10, TimeUnit.SECONDS).blockingGet();
            assertTrue(session.isSsl());
            List<Message> sent = List.of(TextMessage.of("over"), TextMessage.of("tls"));
            List<Message> got = session.send(Flowable.fromIterable(sent)).andThen(session.receive().take(2))
                    .toList().timeout(10, TimeUnit.SECONDS).blockingGet();
            assertEquals(sent, got);
            session.close().timeout(5, TimeUnit.SECONDS).blockingAwait();
            assertEquals(1000, session.closeStatus().orElseThrow().code());
        }
    }

    @Test
    void defaultOptionsUseTheJdkTrustStoreSoAPrivateCaIsRefusedInTheTlsHandshake() {
        // new WsClientOptions(): no "ClientSSLOptions must be provided" configuration error; the JDK's cacerts do
        // not hold the test CA, so certificate path validation fails in the handshake.
        assertUntrusted(TestSupport.errorOf(WsClient.create(vertx).connect("wss://127.0.0.1:" + port + "/")));
        assertUntrusted(TestSupport.errorOf(WsClient.create(vertx, new WsClientOptions()
                .setNetClientOptions(new NetClientOptions().setSsl(true))).connect("wss://localhost:" + port + "/")));
    }

    @Test
    void aCertificateThatDoesNotChainToTheGivenTrustIsRefused() {
        SelfSignedCertificate other = SelfSignedCertificate.create("localhost");
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setTrustOptions(other.trustOptions()));
        assertUntrusted(TestSupport.errorOf(client.connect("wss://localhost:" + port + "/")));
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        WsClient client = WsClient.create(vertx, trustingTheTestCa());
        for (String host : List.of("127.0.0.1", "localhost")) {
            Throwable e = TestSupport.errorOf(client.connect("wss://" + host + ":" + wrongNamePort + "/"));
            // The chain is trusted (no path-building failure); the host name check (RFC 2818 section 3.1) fails.
            CertificateException cause = certificateFailure(e);
            assertNull(find(e, CertPathBuilderException.class), () -> describe(e));
            assertTrue(cause.getMessage().contains(host), () -> describe(e));
        }
    }

    @Test
    void hostNameVerificationCanBeTurnedOffExplicitly() {
        WsClient client = WsClient.create(vertx, new WsClientOptions(trustingTheTestCa()).setNetClientOptions(
                new NetClientOptions().setTrustOptions(new PemTrustOptions().addCertPath(pki.caPem.toString()))
                        .setHostnameVerificationAlgorithm("")));
        WsSession session = client.connect("wss://127.0.0.1:" + wrongNamePort + "/").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        assertTrue(session.isSsl());
        session.close().timeout(5, TimeUnit.SECONDS).blockingAwait();
    }

    /** The handshake failed because no trusted path to a CA was found: CertPathBuilderException under it. */
    private static void assertUntrusted(Throwable e) {
        CertificateException cause = certificateFailure(e);
        assertInstanceOf(CertPathBuilderException.class, cause.getCause(), () -> describe(e));
    }

    /** The TLS handshake failed (SSLHandshakeException) because of the server's certificate: the cause under it. */
    static CertificateException certificateFailure(Throwable e) {
        SSLHandshakeException handshake = find(e, SSLHandshakeException.class);
        assertNotNull(handshake, () -> describe(e));
        CertificateException cause = find(handshake, CertificateException.class);
        assertNotNull(cause, () -> describe(e));
        return cause;
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(b.length() == 0 ? "" : " <- caused by ").append(t);
        }
        return b.toString();
    }
}
