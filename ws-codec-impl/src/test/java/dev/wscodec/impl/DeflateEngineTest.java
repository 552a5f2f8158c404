package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine with permessage-deflate: RSV1 on compressed messages, limits on inflated bytes. */
class DeflateEngineTest {

    private static final WsConfig DEFLATE = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();

    @Test
    void compressedMessagesCarryRsv1AndRoundTripAtEverySplit() {
        TestSupport.Pair p = TestSupport.open(DEFLATE);
        String text = "compress me ".repeat(100);
        byte[] wire = bytes(p.server().send(TextMessage.of(text)));
        assertEquals(0xC1, wire[0] & 0xFF, "FIN + RSV1 + text");
        assertTrue(wire.length < 200, "1200 repetitive bytes compress well: " + wire.length);
        // The same bytes cannot be replayed (context takeover), so split one fresh stream at every offset.
        for (int at = 0; at <= wire.length; at += 3) {
            TestSupport.Pair q = TestSupport.open(DEFLATE);
            byte[] w = bytes(q.server().send(TextMessage.of(text)));
            List<WsEvent> events = TestSupport.feedSplit(q.client(), w, Math.min(at, w.length));
            assertEquals(List.of(TextMessage.of(text)), events);
        }
        byte[] small = bytes(p.server().send(TextMessage.of("tiny")));
        assertEquals(0x81, small[0] & 0xFF, "below minSizeToCompress: sent as is");
    }

    @Test
    void inflatedSizeIsLimitedThroughTheSink() {
        WsConfig strict = WsConfig.builder().deflate(DeflateConfig.DEFAULT).maxMessageSize(10_000).build();
        TestSupport.Pair p = TestSupport.open(strict, DEFLATE);
        ByteBuffer bomb = p.client().send(BinaryMessage.of(new byte[1_000_000]));
        assertTrue(bomb.remaining() < 2000, "a million zeros compress to little: " + bomb.remaining());
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> p.server().receive(bomb));
        assertEquals(Violation.DECODED_MESSAGE_TOO_BIG, e.violation());
        assertEquals(1009, ViolationAssert.parseClose(p.server().pollOutput()).code());
    }

    @Test
    void streamedCompressedMessageEndsWithALastChunk() {
        WsConfig streaming = WsConfig.builder().deflate(DeflateConfig.DEFAULT).streaming(true).build();
        TestSupport.Pair p = TestSupport.open(DEFLATE, streaming);
        byte[] payload = "abc".repeat(50_000).getBytes();
        byte[] wire = bytes(p.server().send(BinaryMessage.of(payload)));
        List<WsEvent> events = new ArrayList<>();
        for (int pos = 0; pos < wire.length; pos += 100) {
            p.client().receive(ByteBuffer.wrap(wire, pos, Math.min(100, wire.length - pos)), events::add);
        }
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < events.size(); i++) {
            MessageChunk c = assertInstanceOf(MessageChunk.class, events.get(i));
            assertEquals(Opcode.BINARY, c.opcode());
            assertEquals(i == 0, c.first());
            assertEquals(i == events.size() - 1, c.last());
            all.writeBytes(bytes(c.data()));
        }
        assertTrue(events.size() > 1, "inflated output is delivered as it is produced");
        assertEquals(ByteBuffer.wrap(payload), ByteBuffer.wrap(all.toByteArray()));
    }

    @Test
    void sentChunksAreCompressedWithRsv1OnTheFirstFrameOnly() {
        TestSupport.Pair p = TestSupport.open(DEFLATE);
        byte[] a = bytes(p.client().send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap("hello ".repeat(30).getBytes()), true, false)));
        byte[] b = bytes(p.client().send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap("world".getBytes()), false, true)));
        assertEquals(0x41, a[0] & 0xFF, "RSV1 + text, not final");
        assertEquals(0x80, b[0] & 0xFF, "final continuation without RSV bits");
        List<WsEvent> events = new ArrayList<>(p.server().receive(ByteBuffer.wrap(a)));
        events.addAll(p.server().receive(ByteBuffer.wrap(b)));
        assertEquals(List.of(TextMessage.of("hello ".repeat(30) + "world")), events);
    }
}
