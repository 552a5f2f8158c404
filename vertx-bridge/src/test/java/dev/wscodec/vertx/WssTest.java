package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.core.Flowable;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** wss:// with a self-signed certificate: TLS comes from the Vert.x options users know. */
@ExtendWith(VertxExtension.class)
class WssTest {

    private Vertx vertx;
    private SelfSignedCertificate certificate;
    private int port;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        certificate = SelfSignedCertificate.create("localhost");
        WsServerOptions options = TestSupport.serverOptions().setNetServerOptions(
                new NetServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()));
        port = TestSupport.deploy(vertx, options, session -> session.send(session.receive()));
    }

    @Test
    void echoesOverTlsWithATrustedSelfSignedCertificate() {
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setNetClientOptions(
                new NetClientOptions().setTrustOptions(certificate.trustOptions())
                        .setHostnameVerificationAlgorithm("")));
        WsSession session = client.connect("wss://127.0.0.1:" + port + "/secure").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        assertTrue(session.isSsl());
        List<Message> sent = List.of(TextMessage.of("over"), TextMessage.of("tls"));
        List<Message> got = session.send(Flowable.fromIterable(sent)).andThen(session.receive().take(2))
                .toList().timeout(10, TimeUnit.SECONDS).blockingGet();
        assertEquals(sent, got);
        session.close().timeout(5, TimeUnit.SECONDS).blockingAwait();
        assertEquals(1000, session.closeStatus().orElseThrow().code());
    }

    @Test
    void theHostnameIsVerifiedByDefault() {
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setNetClientOptions(
                new NetClientOptions().setTrustOptions(certificate.trustOptions())));
        WsSession session = client.connect("wss://localhost:" + port + "/").timeout(10, TimeUnit.SECONDS)
                .blockingGet();
        assertTrue(session.isSsl());
        // The certificate names localhost, not 127.0.0.1: the same trusted certificate is refused for the IP.
        Throwable e = TestSupport.errorOf(client.connect("wss://127.0.0.1:" + port + "/"));
        assertFalse(e instanceof WsHandshakeRejectedException, e.toString());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFails() {
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setNetClientOptions(
                new NetClientOptions().setHostnameVerificationAlgorithm("")));
        Throwable e = TestSupport.errorOf(client.connect("wss://127.0.0.1:" + port + "/"));
        assertFalse(e instanceof WsHandshakeRejectedException, e.toString());
        assertTrue(e.toString().toLowerCase().contains("ssl") || e.toString().toLowerCase().contains("cert"),
                e.toString());
    }
}
