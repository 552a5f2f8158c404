package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.hex;
import static dev.wscodec.impl.TestSupport.serverFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Ping;
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
 * {@code send(Outbound, Consumer)}: a server's large message goes out as a header buffer plus a read-only view of
 * its own payload, a client's as a header with the masking key plus a masked copy, after the engine's queued
 * output; everything else as the one buffer {@code send} returns.
 */
class GatherSendTest {

    private static final int MIN = OutboundGather.MIN_LENGTH;

    private static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 13 + 5);
        }
        return p;
    }

    private static List<ByteBuffer> gather(WsEngine engine, Outbound frame) {
        List<ByteBuffer> out = new ArrayList<>();
        engine.send(frame, out::add);
        return out;
    }

    private static byte[] joined(List<ByteBuffer> buffers) {
        byte[][] parts = new byte[buffers.size()][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = bytes(buffers.get(i));
        }
        return concat(parts);
    }

    @Test
    void aLargeServerMessageIsAHeaderPlusAReadOnlyViewOfItsPayload() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] p = payload(2000);
        List<ByteBuffer> out = gather(server, BinaryMessage.of(p));
        assertEquals(2, out.size());
        assertArrayEquals(hex("82 7E 07 D0"), bytes(out.get(0)));
        assertTrue(out.get(1).isReadOnly(), "the payload is handed out read-only");
        assertArrayEquals(p, bytes(out.get(1)));
        assertNull(server.pollOutput());
    }

    @Test
    void gatheredBytesEqualWhatSendWritesAtEveryLengthEncoding() {
        WsEngine gathering = TestSupport.openServer(WsConfig.DEFAULT);
        WsEngine plain = TestSupport.openServer(WsConfig.DEFAULT);
        for (int n : new int[] {0, 1, 125, 126, MIN - 1, MIN, MIN + 1, 65535, 65536, 70_000}) {
            byte[] p = payload(n);
            List<ByteBuffer> out = gather(gathering, BinaryMessage.wrap(p));
            assertEquals(n < MIN ? 1 : 2, out.size(), n + " bytes");
            assertArrayEquals(bytes(plain.send(BinaryMessage.wrap(p))), joined(out), n + " bytes");
            assertArrayEquals(serverFrame(0x82, p), joined(out), n + " bytes");
        }
        String text = "é".repeat(MIN);
        assertArrayEquals(bytes(plain.send(TextMessage.of(text))), joined(gather(gathering, TextMessage.of(text))));
    }

    @Test
    void theViewAliasesAWrappedArrayExactlyAsTheMessageDoes() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] p = payload(MIN);
        BinaryMessage m = BinaryMessage.wrap(p);
        List<ByteBuffer> out = gather(server, m);
        p[0] = 99; // breaks wrap's contract: visible through the message and the view alike, i.e. nothing was copied
        assertEquals(99, m.payload().get(0));
        assertEquals(99, out.get(1).get(0));
    }

    @Test
    void aPongQueuedDuringReceiveGoesFirst() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] p = payload(5000);
        byte[] input = concat(clientFrame(0x89, hex("70"), KEY), clientFrame(0x82, p, KEY));
        List<ByteBuffer> out = new ArrayList<>();
        server.receive(ByteBuffer.wrap(input), e -> {
            if (e instanceof Message m) {
                server.send(m, out::add); // echo from inside the callback
            }
        });
        assertEquals(3, out.size());
        assertArrayEquals(hex("8a 01 70"), bytes(out.get(0)));
        assertArrayEquals(concat(hex("8a 01 70"), serverFrame(0x82, p)), joined(out));
        assertNull(server.pollOutput(), "the pong was handed out with the message");
    }

    @Test
    void aLargeClientMessageIsAHeaderWithAKeyPlusAMaskedCopy() {
        TestSupport.Pair pair = TestSupport.open(WsConfig.DEFAULT);
        byte[] p = payload(3000);
        BinaryMessage m = BinaryMessage.wrap(p);
        List<ByteBuffer> out = gather(pair.client(), m);
        assertEquals(2, out.size());
        byte[] header = bytes(out.get(0));
        assertEquals(4 + 4, header.length, "2 + 2 length bytes + the 4-byte masking key");
        assertEquals(0x80 | 126, header[1] & 0xFF, "masked, 16-bit length");
        byte[] masked = bytes(out.get(1));
        for (int i = 0; i < p.length; i++) {
            assertEquals((byte) (p[i] ^ header[4 + (i & 3)]), masked[i], "byte " + i + " masked with the header's key");
        }
        assertArrayEquals(payload(3000), p, "the message's own bytes are not touched");
        List<WsEvent> got = pair.server().receive(ByteBuffer.wrap(concat(header, masked)));
        assertEquals(m, got.get(0));
    }

    @Test
    void clientTextAndBinaryAtEveryLengthEncodingDecodeOnTheServer() {
        TestSupport.Pair pair = TestSupport.open(WsConfig.DEFAULT);
        for (int n : new int[] {MIN - 1, MIN, 125 * 8, 0xFFFF, 0x10000, 200_000}) {
            for (Message m : List.of(BinaryMessage.of(payload(n)), TextMessage.of("é".repeat(n / 2)))) {
                List<ByteBuffer> out = gather(pair.client(), m);
                assertEquals(m.length() < MIN ? 1 : 2, out.size(), "buffers for " + m.length() + " bytes");
                List<WsEvent> got = pair.server().receive(ByteBuffer.wrap(joined(out)));
                assertEquals(List.of(m), got, m.length() + " bytes");
            }
        }
    }

    @Test
    void deflateAndFragmentationUseOneBuffer() {
        WsConfig deflate = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        TestSupport.Pair pair = TestSupport.open(deflate);
        byte[] p = new byte[4000]; // compressible
        List<ByteBuffer> out = gather(pair.server(), BinaryMessage.of(p));
        assertEquals(1, out.size());
        assertEquals(0x40, bytes(out.get(0))[0] & 0x40, "RSV1: compressed");
        assertArrayEquals(p, ((BinaryMessage) pair.client().receive(out.get(0)).get(0)).toByteArray());

        WsConfig fragmenting = WsConfig.builder().fragmentSize(1500).build();
        WsEngine a = TestSupport.openServer(fragmenting);
        WsEngine b = TestSupport.openServer(fragmenting);
        byte[] q = payload(4000);
        List<ByteBuffer> cut = gather(a, BinaryMessage.of(q));
        assertEquals(1, cut.size());
        assertArrayEquals(bytes(b.send(BinaryMessage.of(q))), bytes(cut.get(0)));
        assertEquals(2, gather(a, BinaryMessage.of(payload(1500))).size(), "fits in one fragment: gathered");
    }

    @Test
    void controlFramesChunksAndCloseUseOneBufferAndKeepTheirEffects() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        assertArrayEquals(hex("89 01 70"), joined(gather(server, new Ping(ByteBuffer.wrap(hex("70"))))));
        byte[] big = payload(MIN * 2);
        List<ByteBuffer> chunk = gather(server, new MessageChunk(Opcode.BINARY, ByteBuffer.wrap(big), true, true));
        assertEquals(1, chunk.size(), "a chunk's buffer belongs to the caller: copied");
        assertArrayEquals(serverFrame(0x82, big), joined(chunk));
        gather(server, new Close(CloseStatus.NORMAL));
        assertEquals(WsEngine.State.CLOSING, server.state());
    }

    @Test
    void refusedCallsHandOutNothingAndLoseNoQueuedOutput() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        server.receive(ByteBuffer.wrap(clientFrame(0x89, hex("70"), KEY)));
        server.send(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(hex("68")), true, false));
        List<ByteBuffer> out = new ArrayList<>();
        assertThrows(WsUsageException.class, () -> server.send(BinaryMessage.of(payload(MIN)), out::add),
                "a streamed message is still being sent");
        assertTrue(out.isEmpty());
        assertNull(server.pollOutput(), "the pong went out with the chunk");

        WsEngine fresh = TestSupport.PROVIDER.newServerEngine(WsConfig.DEFAULT);
        assertThrows(WsUsageException.class, () -> fresh.send(BinaryMessage.of(payload(MIN)), out::add));
        assertTrue(out.isEmpty());
        assertThrows(NullPointerException.class, () -> server.send(TextMessage.of("x"), null));
    }

    @Test
    void aGatheredMessageDecodesOnTheClient() {
        TestSupport.Pair pair = TestSupport.open(WsConfig.DEFAULT);
        byte[] p = payload(100_000);
        ByteBuffer wire = ByteBuffer.wrap(joined(gather(pair.server(), BinaryMessage.wrap(p))));
        WsEvent e = pair.client().receive(wire).get(0);
        assertArrayEquals(p, assertInstanceOf(BinaryMessage.class, e).toByteArray());
    }
}
