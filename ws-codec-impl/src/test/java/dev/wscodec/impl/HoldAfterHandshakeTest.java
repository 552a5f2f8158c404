package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.PROVIDER;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Ping;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEngine.State;
import dev.wscodec.api.WsEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WsConfig#holdAfterHandshake()}: a client engine stops at the end of the 101 and decodes the frames the
 * server sent right behind it at the next receive call, like a server engine keeps what arrives while its
 * application decides. The bridge relies on it to hand out the session before the first frame is decoded.
 */
class HoldAfterHandshakeTest {

    private static final WsConfig HOLD = WsConfig.builder().holdAfterHandshake(true).build();

    /** A client engine that sent its request, and the server's 101 followed by a text, a ping and a close. */
    private record Wire(WsEngine client, byte[] bytes, int headLength) {
    }

    private static Wire wire(WsConfig clientConfig) {
        WsEngine server = PROVIDER.newServerEngine(WsConfig.DEFAULT);
        WsEngine client = PROVIDER.newClientEngine(clientConfig, ClientHandshake.of("localhost", "/chat"));
        server.receive(client.openingHandshake());
        byte[] head = bytes(server.accept(Accept.DEFAULT));
        byte[] frames = concat(bytes(server.send(TextMessage.of("first"))),
                bytes(server.send(new Ping(ByteBuffer.wrap("p".getBytes(StandardCharsets.US_ASCII))))),
                bytes(server.send(Close.of(1000, "bye"))));
        return new Wire(client, concat(head, frames), head.length);
    }

    private static List<WsEvent> expected() {
        return List.of(TextMessage.of("first"), new Ping(ByteBuffer.wrap("p".getBytes(StandardCharsets.US_ASCII))),
                new Close(CloseStatus.of(1000, "bye")));
    }

    @Test
    void theReadThatCompletesThe101StopsThereAndTheNextDecodesTheFrames() {
        Wire w = wire(HOLD);
        List<WsEvent> first = w.client().receive(ByteBuffer.wrap(w.bytes()));
        assertEquals(1, first.size(), first.toString());
        assertInstanceOf(WsEvent.HandshakeAccepted.class, first.get(0));
        assertEquals(State.OPEN, w.client().state(), "open, and may send, while the frames wait");
        assertEquals(expected(), w.client().receive(ByteBuffer.allocate(0)));
        assertEquals(State.CLOSED, w.client().state());
    }

    @Test
    void splitAtEveryOffsetTheFramesStillComeOnlyAfterTheCallThatOpened() {
        int n = wire(HOLD).bytes().length;
        for (int at = 0; at <= n; at++) {
            Wire w = wire(HOLD);
            List<WsEvent> all = new ArrayList<>();
            for (ByteBuffer piece : List.of(ByteBuffer.wrap(w.bytes(), 0, at), ByteBuffer.wrap(w.bytes(), at, n - at),
                    ByteBuffer.allocate(0))) {
                List<WsEvent> events = w.client().receive(piece);
                int accepted = indexOfAccepted(events);
                if (accepted >= 0) {
                    assertEquals(events.size() - 1, accepted, "split at " + at + ": nothing after the 101 in its call");
                }
                all.addAll(events);
            }
            assertInstanceOf(WsEvent.HandshakeAccepted.class, all.get(0), "split at " + at);
            assertEquals(expected(), all.subList(1, all.size()), "split at " + at);
        }
    }

    @Test
    void withoutHoldingTheFramesAreDecodedInTheSameCall() {
        Wire w = wire(WsConfig.DEFAULT);
        List<WsEvent> events = w.client().receive(ByteBuffer.wrap(w.bytes()));
        assertInstanceOf(WsEvent.HandshakeAccepted.class, events.get(0));
        assertEquals(expected(), events.subList(1, events.size()));
    }

    @Test
    void newBytesAfterTheHeldOnesComeInWireOrder() {
        Wire w = wire(HOLD);
        byte[] b = w.bytes();
        int cut = w.headLength() + 3; // the 101 and part of the first frame
        assertEquals(1, w.client().receive(ByteBuffer.wrap(b, 0, cut)).size());
        assertEquals(expected(), w.client().receive(ByteBuffer.wrap(b, cut, b.length - cut)));
        assertTrue(w.client().receive(ByteBuffer.allocate(0)).isEmpty());
    }

    private static int indexOfAccepted(List<WsEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof WsEvent.HandshakeAccepted) {
                return i;
            }
        }
        return -1;
    }
}
