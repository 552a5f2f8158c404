package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.PROVIDER;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.open;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Ping;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prepared messages: encoded once by the provider, sent as they are by every server engine they fit, encoded per
 * connection where they do not (a client, another provider, a fragment size, deflate with context takeover for the
 * compressed form), and always decoded by the peer into the original message.
 */
class PreparedMessageTest {

    private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(8);

    private static List<ByteBuffer> sent(WsEngine engine, PreparedMessage p, boolean expectPrepared) {
        List<ByteBuffer> out = new ArrayList<>();
        assertEquals(expectPrepared, engine.send(p, out::add));
        return out;
    }

    private static List<WsEvent> deliver(WsEngine to, List<ByteBuffer> buffers) {
        List<WsEvent> events = new ArrayList<>();
        for (ByteBuffer b : buffers) {
            events.addAll(to.receive(b));
        }
        return events;
    }

    @Test
    void thePlainFrameIsTheServersOwnEncodingAndReachesEveryConnectionAsTheSameBytes() {
        TextMessage m = TextMessage.of(TEXT);
        PreparedMessage p = PROVIDER.prepare(m, null);
        assertTrue(p.hasFrame());
        assertFalse(p.hasDeflatedFrame());
        assertSame(m, p.message());
        TestSupport.Pair a = open(WsConfig.DEFAULT);
        TestSupport.Pair b = open(WsConfig.DEFAULT);
        List<ByteBuffer> toA = sent(a.server(), p, true);
        List<ByteBuffer> toB = sent(b.server(), p, true);
        assertEquals(1, toA.size());
        assertTrue(toA.get(0).isReadOnly());
        assertArrayEquals(bytes(a.server().send(m)), bytes(toA.get(0).duplicate()));
        assertArrayEquals(bytes(toA.get(0).duplicate()), bytes(toB.get(0).duplicate()));
        assertEquals(List.of(m), deliver(a.client(), toA));
        assertEquals(List.of(m), deliver(b.client(), toB));
    }

    @Test
    void theCompressedFrameGoesToConnectionsWithoutContextTakeoverAndIsInflatedByThePeer() {
        DeflateConfig noTakeover = DeflateConfig.DEFAULT.withServerNoContextTakeover(true);
        TestSupport.Pair pair = open(WsConfig.builder().deflate(noTakeover).build(),
                WsConfig.builder().deflate(DeflateConfig.DEFAULT).build());
        TextMessage m = TextMessage.of(TEXT);
        PreparedMessage p = PROVIDER.prepare(m, noTakeover);
        assertTrue(p.hasDeflatedFrame());
        List<ByteBuffer> out = sent(pair.server(), p, true);
        byte[] wire = bytes(out.get(0).duplicate());
        assertEquals(0x40, wire[0] & 0x40, "RSV1 marks the compressed message (RFC 7692 section 6)");
        assertTrue(wire.length < m.length(), "the frame is compressed");
        assertArrayEquals(bytes(p.deflatedFrame()), wire);
        // The connection's own compressed messages before and after still decode: no shared context.
        List<WsEvent> events = new ArrayList<>(pair.client().receive(pair.server().send(m)));
        events.addAll(deliver(pair.client(), out));
        events.addAll(pair.client().receive(pair.server().send(m)));
        assertEquals(List.of(m, m, m), events);
    }

    @Test
    void withContextTakeoverTheConnectionGetsThePlainFrameAndItsOwnContextStaysIntact() {
        WsConfig deflate = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        TestSupport.Pair pair = open(deflate);
        TextMessage m = TextMessage.of(TEXT);
        PreparedMessage p = PROVIDER.prepare(m, DeflateConfig.DEFAULT);
        List<WsEvent> events = new ArrayList<>(pair.client().receive(pair.server().send(m)));
        List<ByteBuffer> out = sent(pair.server(), p, true);
        assertArrayEquals(bytes(p.frame()), bytes(out.get(0).duplicate()));
        events.addAll(deliver(pair.client(), out));
        events.addAll(pair.client().receive(pair.server().send(m)));
        assertEquals(List.of(m, m, m), events);
    }

    @Test
    void aClientEncodesTheMessageItselfMasked() {
        TestSupport.Pair pair = open(WsConfig.DEFAULT);
        BinaryMessage m = BinaryMessage.of(new byte[] {1, 2, 3});
        List<ByteBuffer> out = sent(pair.client(), PROVIDER.prepare(m, null), false);
        byte[] wire = bytes(out.get(0).duplicate());
        assertEquals(0x80, wire[1] & 0x80, "client frames are masked (RFC 6455 section 5.3)");
        assertEquals(List.of(m), deliver(pair.server(), out));
    }

    @Test
    void aMessageOfAnotherProviderOrLongerThanTheFragmentSizeIsEncodedPerConnection() {
        TextMessage m = TextMessage.of(TEXT);
        TestSupport.Pair pair = open(WsConfig.DEFAULT);
        List<ByteBuffer> out = sent(pair.server(), PreparedMessage.of("other", m, new byte[] {1, 2}, null), false);
        assertEquals(List.of(m), deliver(pair.client(), out));

        TestSupport.Pair fragmenting = open(WsConfig.builder().fragmentSize(100).build(), WsConfig.DEFAULT);
        List<ByteBuffer> frames = sent(fragmenting.server(), PROVIDER.prepare(m, null), false);
        assertEquals(0x00, bytes(frames.get(0).duplicate())[0] & 0x80, "the first fragment has no FIN");
        assertEquals(List.of(m), deliver(fragmenting.client(), frames));
    }

    @Test
    void queuedOutputGoesFirstAndMisuseIsRefusedWithoutOutput() {
        TestSupport.Pair pair = open(WsConfig.DEFAULT);
        PreparedMessage p = PROVIDER.prepare(TextMessage.of("hi"), null);
        pair.server().receive(pair.client().send(new Ping(ByteBuffer.wrap(new byte[] {9}))));
        List<ByteBuffer> out = sent(pair.server(), p, true);
        assertEquals(2, out.size());
        assertEquals(0x8A, bytes(out.get(0))[0] & 0xFF, "the pong first");

        pair.server().send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'a'}), true, false));
        List<ByteBuffer> none = new ArrayList<>();
        WsUsageException e = assertThrows(WsUsageException.class, () -> pair.server().send(p, none::add));
        assertTrue(e.getMessage().startsWith("A streamed TEXT message is still being sent"), e.getMessage());
        assertTrue(none.isEmpty());
    }

    @Test
    void aSmallMessageHasNoCompressedForm() {
        PreparedMessage p = PROVIDER.prepare(TextMessage.of("short"), DeflateConfig.DEFAULT);
        assertNotNull(p.frame());
        assertNull(p.deflatedFrame());
    }
}
