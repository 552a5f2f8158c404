package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Role;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link WsEngine#receiveWhile}: a caller that wants no more messages stops the engine after the message it holds;
 * the undecoded rest of the input stays in the caller's buffer, and decodes later exactly as it would have.
 */
class ReceiveWhileTest {

    private static byte[] text(String s) {
        return clientFrame(0x81, s.getBytes(StandardCharsets.UTF_8), KEY);
    }

    private static String textOf(WsEvent e) {
        return ((TextMessage) e).text();
    }

    @Test
    void stopsAfterTheFirstMessageAndLeavesTheRestInTheBuffer() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] first = text("one");
        ByteBuffer in = ByteBuffer.wrap(concat(first, text("two"), text("three")));
        List<WsEvent> events = new ArrayList<>();
        server.receiveWhile(in, events::add, events::isEmpty);
        assertEquals(1, events.size());
        assertEquals("one", textOf(events.get(0)));
        assertEquals(first.length, in.position(), "the buffer starts at the first undecoded frame");

        server.receiveWhile(in, events::add, () -> events.size() < 2);
        assertEquals("two", textOf(events.get(1)));
        server.receive(in, events::add);
        assertEquals("three", textOf(events.get(2)));
        assertTrue(!in.hasRemaining());
    }

    @Test
    void aFalsePredicateDecodesNothingAndAFrameSplitAcrossCallsStillCompletes() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] wire = concat(text("alpha"), text("beta"));
        List<WsEvent> events = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(wire);
        server.receiveWhile(in, events::add, () -> false);
        assertEquals(0, in.position());
        assertTrue(events.isEmpty());
        // Half of the first frame, then the predicate turns false inside it: the frame is completed, nothing more.
        ByteBuffer half = ByteBuffer.wrap(wire, 0, 4);
        server.receiveWhile(half, events::add, () -> true);
        ByteBuffer rest = ByteBuffer.wrap(wire, 4, wire.length - 4);
        server.receiveWhile(rest, events::add, events::isEmpty);
        assertEquals(List.of("alpha"), events.stream().map(ReceiveWhileTest::textOf).toList());
        assertEquals(text("alpha").length, rest.position());
    }

    @Test
    void aDeflateBurstInflatesOneMessageAtATime() {
        WsConfig deflate = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        TestSupport.Pair pair = TestSupport.open(deflate, deflate);
        byte[] big = new byte[1024 * 1024 - 1];
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 62; i++) {
            big[0] = (byte) i;
            burst.writeBytes(bytes(pair.client().send(BinaryMessage.of(big))));
        }
        assertTrue(burst.size() < 64 * 1024, "62 messages of 1 MiB - 1 compress into one read: " + burst.size());
        ByteBuffer in = ByteBuffer.wrap(burst.toByteArray());
        List<Message> held = new ArrayList<>();
        int calls = 0;
        while (in.hasRemaining()) {
            pair.server().receiveWhile(in, e -> held.add((Message) e), held::isEmpty);
            assertEquals(1, held.size(), "one inflated message at a time");
            assertEquals((byte) calls, ((BinaryMessage) held.get(0)).toByteArray()[0]);
            held.clear();
            calls++;
        }
        assertEquals(62, calls);
    }

    @Test
    void streamingAsksBeforeEachChunkAndACompressedFrameInflatesInSmallSteps() {
        WsConfig deflate = WsConfig.builder().deflate(DeflateConfig.DEFAULT).streaming(true)
                .maxFrameSize(Long.MAX_VALUE).maxMessageSize(Long.MAX_VALUE).build();
        TestSupport.Pair pair = TestSupport.open(deflate, deflate);
        byte[] big = new byte[64 * 1024 * 1024]; // zeros: 64 MiB deflate into about 64 KiB, one frame
        ByteBuffer in = ByteBuffer.wrap(bytes(pair.client().send(BinaryMessage.of(big))));
        assertTrue(in.remaining() < 128 * 1024, "a compression bomb of one frame: " + in.remaining());
        List<MessageChunk> held = new ArrayList<>();
        long total = 0;
        int calls = 0;
        while (in.hasRemaining() || held.isEmpty() || !held.get(held.size() - 1).last()) {
            held.clear();
            pair.server().receiveWhile(in, e -> held.add((MessageChunk) e), held::isEmpty);
            long step = held.stream().mapToLong(c -> c.data().remaining()).sum();
            assertTrue(step <= 1100 * 1024, "one step inflates at most about 1 MiB: " + step);
            total += step;
            assertTrue(++calls < 1_000_000, "the decoding makes progress");
        }
        assertEquals(big.length, total);
        assertTrue(calls >= 64, "stopped whenever a chunk was held: " + calls + " calls");
    }

    @Test
    void streamingStopsInsideAFrameSplitAcrossCalls() {
        WsEngine server = TestSupport.openServer(WsConfig.builder().streaming(true).build());
        byte[] wire = concat(text("alpha"), text("beta"));
        List<WsEvent> events = new ArrayList<>();
        server.receiveWhile(ByteBuffer.wrap(wire, 0, 8), events::add, events::isEmpty);
        assertEquals(1, events.size(), "the first piece of alpha");
        ByteBuffer rest = ByteBuffer.wrap(wire, 8, wire.length - 8);
        server.receiveWhile(rest, events::add, () -> false);
        assertEquals(8, rest.position(), "nothing decoded while the caller holds a chunk");
        server.receiveWhile(rest, events::add, () -> true);
        String all = events.stream().map(e -> StandardCharsets.UTF_8.decode(((MessageChunk) e).data()).toString())
                .reduce("", String::concat);
        assertEquals("alphabeta", all);
        assertTrue(!rest.hasRemaining());
    }

    @Test
    void bytesKeptWhileTheServerDecidesWaitBeforeTheCallersRest() {
        WsEngine server = TestSupport.PROVIDER.newServerEngine(WsConfig.DEFAULT);
        WsEngine client = TestSupport.PROVIDER.newClientEngine(WsConfig.DEFAULT, ClientHandshake.of("h", "/"));
        byte[] head = bytes(client.openingHandshake());
        List<WsEvent> events = new ArrayList<>();
        server.receiveWhile(ByteBuffer.wrap(concat(head, text("early1"), text("early2"))), events::add, () -> true);
        assertInstanceOf(WsEvent.UpgradeRequest.class, events.remove(0));
        server.accept(Accept.DEFAULT);
        ByteBuffer later = ByteBuffer.wrap(text("later"));
        server.receiveWhile(later, events::add, events::isEmpty);
        assertEquals(List.of("early1"), events.stream().map(ReceiveWhileTest::textOf).toList());
        assertEquals(0, later.position(), "the caller's bytes wait behind the kept ones");
        server.receive(later, events::add);
        assertEquals(List.of("early1", "early2", "later"), events.stream().map(ReceiveWhileTest::textOf).toList());
    }

    @Test
    void theDefaultImplementationStopsWithinOnePiece() {
        WsEngine server = new OnlyReceive(TestSupport.openServer(WsConfig.DEFAULT));
        byte[] ping = clientFrame(0x89, new byte[] {1, 2}, KEY);
        String a = "a".repeat(1000);
        String b = "b".repeat(1000);
        String c = "c".repeat(1000);
        ByteBuffer in = ByteBuffer.wrap(concat(text(a), ping, text(b), text(c)));
        List<WsEvent> events = new ArrayList<>();
        server.receiveWhile(in, events::add, events::isEmpty);
        assertEquals(a, textOf(events.get(0)));
        assertTrue(events.stream().noneMatch(e -> e instanceof Message m && m != events.get(0)),
                "the second message is not decoded (the ping in the same piece may be)");
        assertTrue(in.position() <= text(a).length + WsEngine.RECEIVE_WHILE_PIECE, "at most one piece past the stop");
        server.receiveWhile(in, events::add, () -> true);
        assertEquals(a, textOf(events.get(0)));
        assertInstanceOf(Ping.class, events.get(1));
        assertEquals(b, textOf(events.get(2)));
        assertEquals(c, textOf(events.get(3)));
        assertTrue(!in.hasRemaining());
        assertArrayEquals(TestSupport.serverFrame(0x8A, new byte[] {1, 2}), bytes(server.pollOutput()));
    }

    /** An engine that implements receive only, so that receiveWhile is the interface's default. */
    private record OnlyReceive(WsEngine e) implements WsEngine {
        public Role role() {
            return e.role();
        }

        public State state() {
            return e.state();
        }

        public ByteBuffer openingHandshake() {
            return e.openingHandshake();
        }

        public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
            e.receive(in, sink);
        }

        public ByteBuffer pollOutput() {
            return e.pollOutput();
        }

        public ByteBuffer accept(Accept accept) {
            return e.accept(accept);
        }

        public ByteBuffer reject(HttpResponse response) {
            return e.reject(response);
        }

        public ByteBuffer send(Outbound frame) {
            return e.send(frame);
        }

        public WsEvent.HandshakeAccepted handshake() {
            return e.handshake();
        }

        public Initiator closeInitiator() {
            return e.closeInitiator();
        }

        public dev.wscodec.api.CloseStatus closeStatus() {
            return e.closeStatus();
        }

        public void release() {
            e.release();
        }
    }
}
