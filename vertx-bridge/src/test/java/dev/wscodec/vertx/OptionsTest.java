package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import io.vertx.core.net.NetServerOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Defaults and validation of the options and decisions. */
class OptionsTest {

    private static void fails(String message, Executable setter) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, setter).getMessage());
    }

    @Test
    void serverDefaultsAreTheDocumentedConstants() {
        WsServerOptions o = new WsServerOptions();
        assertEquals("0.0.0.0", o.getHost());
        assertEquals(8080, o.getPort());
        assertEquals(Duration.ofSeconds(10), o.getHandshakeTimeout());
        assertEquals(Duration.ofSeconds(5), o.getCloseTimeout());
        assertEquals(Duration.ofSeconds(30), o.getPingInterval());
        assertEquals(Duration.ofSeconds(10), o.getPongTimeout());
        assertEquals(Duration.ZERO, o.getIdleTimeout());
        assertEquals(10_000, o.getMaxConnections());
        assertEquals(4 * 1024 * 1024, o.getMaxQueuedOutboundBytes());
        assertEquals(Duration.ofSeconds(30), o.getWriteStallTimeout());
        assertEquals("rfc6455", o.getProviderName());
        assertSame(WsConfig.DEFAULT, o.getCodecConfig());
        assertSame(WsPlainHttpHandler.UPGRADE_REQUIRED, o.getPlainHttpHandler());
        assertEquals(Duration.ZERO, new WsClientOptions().getPingInterval());
    }

    @Test
    void settersRejectBadValuesWithClearMessages() {
        WsServerOptions o = new WsServerOptions();
        fails("The port must be 0-65535 but was 70000.", () -> o.setPort(70000));
        fails("The host must not be empty.", () -> o.setHost(" "));
        fails("maxConnections must be at least 1 but was 0.", () -> o.setMaxConnections(0));
        fails("handshakeTimeout must be positive but was PT0S.", () -> o.setHandshakeTimeout(Duration.ZERO));
        fails("closeTimeout must be positive but was PT-1S.", () -> o.setCloseTimeout(Duration.ofSeconds(-1)));
        fails("pongTimeout must be positive but was PT0S.", () -> o.setPongTimeout(Duration.ZERO));
        fails("pingInterval must not be negative but was PT-0.001S.", () -> o.setPingInterval(Duration.ofMillis(-1)));
        fails("idleTimeout must not be negative but was PT-1S.", () -> o.setIdleTimeout(Duration.ofSeconds(-1)));
        fails("maxQueuedOutboundBytes must be at least 1024 but was 10.", () -> o.setMaxQueuedOutboundBytes(10));
        fails("writeStallTimeout must not be negative but was PT-1S.",
                () -> o.setWriteStallTimeout(Duration.ofSeconds(-1)));
        assertEquals(Duration.ZERO, o.setWriteStallTimeout(Duration.ZERO).getWriteStallTimeout());
        fails("The provider name must not be empty.", () -> o.setProviderName(""));
        assertTrue(o.setCodecConfig(WsConfig.builder().streaming(true).build()).getCodecConfig().streaming(),
                "streaming sessions are served (receiveStreams)");
        o.setCodecConfig(WsConfig.DEFAULT);
        fails("The Vert.x bridge relies on the engine to answer pings, so WsConfig.autoPong() must be on.",
                () -> o.setCodecConfig(WsConfig.builder().autoPong(false).build()));
        assertEquals(0, o.setPort(0).getPort());
        assertEquals(Duration.ZERO, o.setPingInterval(Duration.ZERO).getPingInterval());
    }

    @Test
    void theCopyConstructorCopiesEverythingAndTheNetOptionsDeeply() {
        WsServerOptions o = new WsServerOptions().setPort(9000).setMaxConnections(5)
                .setIdleTimeout(Duration.ofSeconds(3)).setWriteStallTimeout(Duration.ofSeconds(7))
                .setNetServerOptions(new NetServerOptions().setSsl(true));
        WsServerOptions copy = new WsServerOptions(o);
        assertEquals(Duration.ofSeconds(7), copy.getWriteStallTimeout());
        assertEquals(9000, copy.getPort());
        assertEquals(5, copy.getMaxConnections());
        assertEquals(Duration.ofSeconds(3), copy.getIdleTimeout());
        assertEquals(true, copy.getNetServerOptions().isSsl());
        assertNotSame(o.getNetServerOptions(), copy.getNetServerOptions());
    }

    @Test
    void decisions() {
        assertEquals(403, ((WsDecision.Rejected) WsDecision.reject(403)).response().status());
        assertEquals("v2", ((WsDecision.Accepted) WsDecision.accept("v2")).accept().subprotocol());
        fails("A rejection cannot have status 101.", () -> WsDecision.reject(HttpResponse.of(101)));
        HttpResponse upgrade = WsPlainHttpHandler.UPGRADE_REQUIRED.handle(null).blockingGet();
        assertEquals(426, upgrade.status());
        assertEquals("13", upgrade.headers().get("Sec-WebSocket-Version"));
    }

    @Test
    void aBusyPortFailsListenAndAllowsAnotherTry() throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            WsServer server = WsServer.create(vertx, new WsServerOptions().setHost("127.0.0.1")
                    .setPort(taken.getLocalPort()), session -> io.reactivex.rxjava3.core.Completable.complete());
            assertThrows(Exception.class, () -> server.listen().await());
            assertEquals(-1, server.actualPort());
            taken.close();
            assertEquals(taken.getLocalPort(), server.listen().await().actualPort());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void anUnknownProviderFailsListen() {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            WsServer server = WsServer.create(vertx, new WsServerOptions().setProviderName("nope").setPort(0),
                    session -> io.reactivex.rxjava3.core.Completable.complete());
            Throwable e = assertThrows(Exception.class, () -> server.listen().await());
            assertEquals(true, e.getMessage().startsWith("No WebSocket codec provider named 'nope' was found"),
                    e.getMessage());
        } finally {
            vertx.close().await();
        }
    }
}
