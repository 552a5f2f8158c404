package dev.wscodec.conformance.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hixie-76 provider's client against an independent draft-hixie-76 server: the npm package
 * {@code websocket-driver} (pinned in ci-node/package.json), run by {@code peers/hixie_peer.js}.
 */
class HixieDriverTest {

    private static Path nodeModules;
    private PeerProcess server;
    private int port;
    private Vertx vertx;

    @BeforeAll
    static void websocketDriver() {
        nodeModules = Peers.projectRoot().resolve("ci-node").resolve("node_modules");
        Peers.assumeRuns("Node.js is not installed", "node", "--version");
        if (!Files.isDirectory(nodeModules.resolve("websocket-driver"))) {
            Peers.assumeRuns("websocket-driver is not installed in " + nodeModules + " (cd ci-node && npm ci)",
                    "test", "-d", nodeModules.resolve("websocket-driver").toString());
        }
    }

    @BeforeEach
    void start() throws Exception {
        server = PeerProcess.start(List.of("node", Peers.resource("hixie_peer.js").toString()),
                Map.of("NODE_PATH", nodeModules.toString()), "hixie-driver-server");
        port = server.awaitListening();
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
        server.close();
    }

    private WsSession connect(Duration pingInterval) {
        WsClient client = WsClient.create(vertx, new WsClientOptions().setProviderName("hixie-76")
                .setPingInterval(pingInterval).setHandshakeTimeout(Duration.ofSeconds(10)));
        return client.connect("ws://127.0.0.1:" + port + "/hixie?x=1", List.of(),
                HttpHeaders.of("Origin", "http://127.0.0.1")).timeout(10, TimeUnit.SECONDS).blockingGet();
    }

    /** Sends {@code text} and returns the next message received into {@code inbox}. */
    private static String roundTrip(WsSession s, BlockingQueue<Message> inbox, String text) throws Exception {
        s.sendText(text).timeout(10, TimeUnit.SECONDS).blockingAwait();
        Message m = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no answer within 10 s to a message of " + text.length() + " characters");
        return ((TextMessage) m).text();
    }

    @Test
    void theDriverSpeaksHixie76WithOurClientAndEchoes() throws Exception {
        // Keep-alive is asked for every 20 ms: the engine has no pings, so none may reach the driver (a ping's
        // bytes would be read as a length-prefixed frame and break the framing of what follows).
        WsSession s = connect(Duration.ofMillis(20));
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        s.receive().subscribe(inbox::add, e -> { });
        assertEquals("hixie-76", roundTrip(s, inbox, "version?"));
        assertEquals("hello", roundTrip(s, inbox, "hello"));
        assertEquals("", roundTrip(s, inbox, ""));
        assertEquals("héllo wörld ✓ 𝄞", roundTrip(s, inbox, "héllo wörld ✓ 𝄞"));
        String big = "x".repeat(200_000);
        assertEquals(big, roundTrip(s, inbox, big));
        assertThrows(WsUsageException.class, () -> s.sendBinary(new byte[] {1}).timeout(10, TimeUnit.SECONDS)
                .blockingAwait());
        assertEquals("after a refused binary send", roundTrip(s, inbox, "after a refused binary send"));
        s.close(1000, "").timeout(10, TimeUnit.SECONDS).blockingAwait();
    }

    @Test
    void theDriverClosesAndOurClientAnswers() {
        WsSession s = connect(Duration.ZERO);
        s.sendText("close please").timeout(10, TimeUnit.SECONDS).blockingAwait();
        List<Object> got = new ArrayList<>(s.receive().toList().timeout(10, TimeUnit.SECONDS).blockingGet());
        assertEquals(List.of(), got, "no message, just the end");
        assertEquals(CloseStatus.EMPTY, s.closeStatus().orElseThrow(), "no close codes in draft-hixie-76");
    }

    /** The raw engine over a socket: the handshake's 16-byte answer from the driver is what our keys expect. */
    @Test
    void theRawEngineHandshakeAndClosingHandshake() throws Exception {
        WsEngine engine = WsCodecProvider.lookup("hixie-76").newClientEngine(WsConfig.DEFAULT, new ClientHandshake(
                "127.0.0.1:" + port, "/raw", List.of(), HttpHeaders.of("Origin", "http://127.0.0.1")));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes(engine.openingHandshake()));
            InputStream in = socket.getInputStream();
            List<WsEvent> events = new ArrayList<>();
            byte[] buf = new byte[4096];
            while (events.isEmpty()) {
                int n = in.read(buf);
                assertTrue(n > 0, "the driver closed the connection during the handshake");
                engine.receive(ByteBuffer.wrap(buf, 0, n), events::add);
            }
            WsEvent.HandshakeAccepted ok = assertInstanceOf(WsEvent.HandshakeAccepted.class, events.get(0));
            assertEquals("ws://127.0.0.1:" + port + "/raw", ok.response().headers().get("Sec-WebSocket-Location"));
            assertEquals(16, ok.response().body().remaining());
            assertFalse(engine.supportsPing());
            socket.getOutputStream().write(bytes(engine.send(Close.of(1000, ""))));
            events.clear();
            while (engine.state() != WsEngine.State.CLOSED) {
                int n = in.read(buf);
                assertTrue(n > 0, "the driver closed TCP without answering the closing frame");
                engine.receive(ByteBuffer.wrap(buf, 0, n), events::add);
            }
            assertEquals(List.of(new Close(CloseStatus.EMPTY)), events);
            assertEquals(WsEngine.Initiator.LOCAL, engine.closeInitiator());
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
