package dev.wscodec.conformance.fuzz;

import static dev.wscodec.conformance.fuzz.FuzzSupport.CONFIG;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The opening handshake parsers: a server engine fed an arbitrary request head (then frames), a client engine fed
 * an arbitrary response head. Input: byte 0 picks the chunk size, the rest is the wire.
 */
class HandshakeFuzzTest {

    private static final WsConfig SERVER = CONFIG.toBuilder().subprotocols("chat", "superchat").build();

    @FuzzTest(maxDuration = "60s")
    void serverParsesRequest(byte[] input) {
        FuzzSupport.withinAllocationBound(input.length, SERVER, () -> serverParses(input));
    }

    private static void serverParses(byte[] input) {
        WsEngine engine = FuzzSupport.PROVIDER.newServerEngine(SERVER);
        try {
            List<WsEvent> events = FuzzSupport.feed(engine, SERVER, FuzzSupport.rest(input), FuzzSupport.chunkOf(input));
            if (engine.state() == WsEngine.State.AWAITING_DECISION) {
                WsEvent last = events.get(events.size() - 1);
                if (last instanceof WsEvent.UpgradeRequest && (input.length & 1) == 0) {
                    ByteBuffer response = engine.accept(Accept.DEFAULT);
                    check(response.remaining() > 0, "accept() returned no bytes.");
                    try {
                        engine.receive(ByteBuffer.allocate(0), e -> FuzzSupport.checkEvent(e, SERVER));
                    } catch (WsProtocolException e) {
                        check(engine.state() == WsEngine.State.CLOSED, "Failed but not CLOSED.");
                    }
                } else {
                    engine.reject(HttpResponse.of(426));
                    check(engine.state() == WsEngine.State.CLOSED, "reject() did not close the engine.");
                }
            }
        } finally {
            engine.release();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void clientParsesResponse(byte[] input) {
        FuzzSupport.withinAllocationBound(input.length, CONFIG, () -> clientParses(input));
    }

    private static void clientParses(byte[] input) {
        WsConfig config = FuzzSupport.seeded(CONFIG);
        WsEngine engine = FuzzSupport.PROVIDER.newClientEngine(config,
                new ClientHandshake("localhost:9001", "/", List.of("chat"), dev.wscodec.api.HttpHeaders.EMPTY));
        engine.openingHandshake();
        try {
            List<WsEvent> events = FuzzSupport.feed(engine, config, FuzzSupport.rest(input), FuzzSupport.chunkOf(input));
            for (WsEvent e : events) {
                if (e instanceof WsEvent.HandshakeAccepted a) {
                    check(a.subprotocol() == null || a.subprotocol().equals("chat"), "Unoffered subprotocol accepted.");
                    check(a.extensions().isEmpty(), "An extension was accepted that was never offered.");
                }
            }
        } finally {
            engine.release();
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
