package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Ping;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streamed delivery ({@link WsConfig#streaming()}) and streamed sending with {@link MessageChunk}. */
class StreamingTest {

    private static final WsConfig STREAMING = WsConfig.builder().streaming(true).build();

    private static MessageChunk chunk(WsEvent e) {
        return assertInstanceOf(MessageChunk.class, e);
    }

    @Test
    void oneChunkPerFrameWithACharacterSplitBetweenFrames() {
        WsEngine server = TestSupport.openServer(STREAMING);
        // "a€" with the euro sign (E2 82 AC) split across two frames, a ping in between.
        byte[] wire = concat(clientFrame(0x01, hex("61 E2"), KEY), clientFrame(0x89, hex(""), KEY),
                clientFrame(0x80, hex("82 AC"), KEY));
        List<WsEvent> events = server.receive(ByteBuffer.wrap(wire));
        assertEquals(3, events.size());
        MessageChunk first = chunk(events.get(0));
        assertTrue(first.first());
        assertFalse(first.last());
        assertEquals(Opcode.TEXT, first.opcode());
        assertArrayEquals(hex("61 E2"), bytes(first.data()));
        assertInstanceOf(Ping.class, events.get(1));
        MessageChunk last = chunk(events.get(2));
        assertFalse(last.first());
        assertTrue(last.last());
        assertEquals(Opcode.TEXT, last.opcode());
        assertArrayEquals(hex("82 AC"), bytes(last.data()));
    }

    @Test
    void aFrameSplitAcrossReadsGivesAChunkPerRead() {
        WsEngine server = TestSupport.openServer(STREAMING);
        byte[] payload = RfcExamplesTest.pattern(1000);
        byte[] wire = clientFrame(0x82, payload, KEY);
        List<WsEvent> events = new ArrayList<>();
        server.receive(ByteBuffer.wrap(wire, 0, 300), events::add);
        assertEquals(1, events.size(), "the first 292 payload bytes are delivered at once");
        server.receive(ByteBuffer.wrap(wire, 300, wire.length - 300), events::add);
        assertEquals(2, events.size());
        assertEquals(292, chunk(events.get(0)).data().remaining());
        assertTrue(chunk(events.get(0)).first() && !chunk(events.get(0)).last());
        assertTrue(!chunk(events.get(1)).first() && chunk(events.get(1)).last());
        assertArrayEquals(payload, concat(bytes(chunk(events.get(0)).data()), bytes(chunk(events.get(1)).data())));
    }

    @Test
    void aHugeFrameIsDeliveredAsItArrivesNeverHeldWhole() {
        long gib = 1L << 30;
        WsEngine client = TestSupport.openClient(WsConfig.builder().streaming(true).maxFrameSize(4 * gib)
                .maxMessageSize(4 * gib).build());
        // A 1 GiB binary frame; 8 MiB of it arrive in 64 KiB reads.
        List<WsEvent> events = new ArrayList<>();
        client.receive(ByteBuffer.wrap(hex("82 7F 00 00 00 00 40 00 00 00")), events::add);
        ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
        long delivered = 0;
        for (int i = 0; i < 128; i++) {
            read.clear();
            client.receive(read, events::add);
            assertEquals(i + 1, events.size(), "one chunk per read");
            MessageChunk c = chunk(events.get(i));
            assertEquals(64 * 1024, c.data().remaining());
            assertEquals(i == 0, c.first());
            assertFalse(c.last());
            delivered += c.data().remaining();
        }
        assertEquals(8L << 20, delivered);
    }

    @Test
    void emptyMessageIsOneEmptyChunk() {
        WsEngine server = TestSupport.openServer(STREAMING);
        List<WsEvent> events = server.receive(ByteBuffer.wrap(clientFrame(0x81, new byte[0], KEY)));
        MessageChunk c = chunk(events.get(0));
        assertTrue(c.first() && c.last());
        assertEquals(0, c.data().remaining());
    }

    @Test
    void streamedTextEndingInsideACharacterFails() {
        WsEngine server = TestSupport.openServer(STREAMING);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> server.receive(ByteBuffer.wrap(
                concat(clientFrame(0x01, hex("61"), KEY), clientFrame(0x80, hex("F0 9F 98"), KEY)))));
        assertEquals(Violation.INVALID_UTF8, e.violation());
        assertEquals(1007, ViolationAssert.parseClose(server.pollOutput()).code());
    }

    @Test
    void streamedMessageLimitIsCheckedFromTheHeader() {
        WsEngine server = TestSupport.openServer(WsConfig.builder().streaming(true).maxMessageSize(1000).build());
        List<WsEvent> events = new ArrayList<>();
        assertThrows(WsProtocolException.class, () -> server.receive(ByteBuffer.wrap(concat(
                clientFrame(0x02, new byte[600], KEY), hex("80 FE 01 91 37 fa 21 3d"))), events::add));
        assertEquals(1, events.size(), "the first frame was delivered before the second header failed");
        assertEquals(1009, ViolationAssert.parseClose(server.pollOutput()).code());
    }

    @Test
    void sentChunksBecomeOneFrameEach() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        ByteBuffer a = server.send(new MessageChunk(Opcode.BINARY, ByteBuffer.wrap(hex("01 02")), true, false));
        ByteBuffer ping = server.send(Ping.of(""));
        ByteBuffer b = server.send(new MessageChunk(Opcode.BINARY, ByteBuffer.wrap(hex("03")), false, false));
        ByteBuffer c = server.send(new MessageChunk(Opcode.BINARY, ByteBuffer.allocate(0), false, true));
        assertArrayEquals(hex("02 02 01 02"), bytes(a));
        assertArrayEquals(hex("89 00"), bytes(ping));
        assertArrayEquals(hex("00 01 03"), bytes(b));
        assertArrayEquals(hex("80 00"), bytes(c));
        assertArrayEquals(hex("81 01 78"), bytes(server.send(TextMessage.of("x"))), "a whole message may follow");
    }

    @Test
    void chunkOrderIsChecked() {
        TestSupport.Pair p = TestSupport.open(WsConfig.DEFAULT);
        WsEngine client = p.client();
        WsUsageException e = assertThrows(WsUsageException.class,
                () -> client.send(new MessageChunk(Opcode.TEXT, ByteBuffer.allocate(0), false, true)));
        assertEquals("A chunk with first=false arrived, but no streamed message was started; send a chunk with "
                + "first=true first.", e.getMessage());
        client.send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(hex("61")), true, false));
        e = assertThrows(WsUsageException.class,
                () -> client.send(new MessageChunk(Opcode.TEXT, ByteBuffer.allocate(0), true, true)));
        assertEquals("A first chunk arrived while the streamed TEXT message was not finished; end it with a chunk "
                + "that has last=true first.", e.getMessage());
        e = assertThrows(WsUsageException.class, () -> client.send(BinaryMessage.of(new byte[1])));
        assertEquals("A streamed TEXT message is still being sent: send its remaining chunks (the last one with "
                + "last=true) before another message.", e.getMessage());
        e = assertThrows(WsUsageException.class,
                () -> client.send(new MessageChunk(Opcode.BINARY, ByteBuffer.allocate(0), false, true)));
        assertEquals("A BINARY chunk arrived while a streamed TEXT message is being sent; all chunks of a message "
                + "have its opcode.", e.getMessage());
        client.send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(hex("62")), false, true));
        assertEquals(WsEngine.State.OPEN, client.state(), "refused chunks change nothing");
    }

    @Test
    void fragmentSizeCutsWholeMessages() {
        WsEngine server = TestSupport.openServer(WsConfig.builder().fragmentSize(2).build());
        assertArrayEquals(hex("01 02 61 62 00 02 63 64 80 01 65"), bytes(server.send(TextMessage.of("abcde"))));
        assertArrayEquals(hex("82 00"), bytes(server.send(BinaryMessage.of(new byte[0]))));
        assertArrayEquals(hex("89 03 61 62 63"), bytes(server.send(Ping.of("abc"))), "control frames are never cut");
    }
}
