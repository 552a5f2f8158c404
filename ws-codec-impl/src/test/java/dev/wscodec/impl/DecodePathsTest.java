package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.hex;
import static dev.wscodec.impl.TestSupport.serverFrame;
import static dev.wscodec.impl.ViolationAssert.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The ways a data message's array is allocated and filled (see {@code MessageAssembler}): a single frame readable
 * whole (allocated and filled in one step), a single frame split across reads (allocated once from its header), a
 * fragmented message (grown), at the limits and one byte over them. Every fixture is fed whole, split at every
 * offset, and into direct and read-only buffers (no accessible array: the copying fallback).
 */
class DecodePathsTest {

    private static byte[] payload(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
        return p;
    }

    private static byte[] bytesOf(Message m) {
        return TestSupport.bytes(m.payload());
    }

    /** Feeds {@code wire} whole, split at every offset, bytewise, and as direct / read-only buffers. */
    private static void assertDecodesTo(Supplier<WsEngine> engines, byte[] wire, List<byte[]> expected) {
        assertMessages(expected, engines.get().receive(ByteBuffer.wrap(wire)), "whole");
        for (int at = 0; at <= wire.length; at++) {
            assertMessages(expected, TestSupport.feedSplit(engines.get(), wire, at), "split at " + at);
        }
        assertMessages(expected, TestSupport.feedBytewise(engines.get(), wire), "bytewise");
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        assertMessages(expected, engines.get().receive(direct), "direct");
        assertMessages(expected, engines.get().receive(ByteBuffer.wrap(wire).asReadOnlyBuffer()), "read-only");
        // A buffer whose array starts before its position and extends past its limit.
        byte[] padded = concat(hex("AA BB CC"), wire, hex("DD EE"));
        assertMessages(expected, engines.get().receive(ByteBuffer.wrap(padded, 3, wire.length)), "offset");
        assertMessages(expected, engines.get().receive(ByteBuffer.wrap(padded, 3, wire.length).slice()), "slice");
    }

    private static void assertMessages(List<byte[]> expected, List<WsEvent> events, String how) {
        List<byte[]> got = new ArrayList<>();
        for (WsEvent e : events) {
            got.add(bytesOf(assertInstanceOf(Message.class, e, how)));
        }
        assertEquals(expected.size(), got.size(), how);
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), how + ", message " + i);
        }
    }

    private static Supplier<WsEngine> servers(WsConfig config) {
        return () -> TestSupport.openServer(config);
    }

    @Test
    void rfcMaskedHelloWholeAndSplitAtEveryOffset() {
        // RFC 6455 §5.7: a single-frame masked text message containing "Hello".
        byte[] wire = hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        assertDecodesTo(servers(WsConfig.DEFAULT), wire, List.of("Hello".getBytes(StandardCharsets.US_ASCII)));
        TextMessage m = (TextMessage) TestSupport.openServer(WsConfig.DEFAULT).receive(ByteBuffer.wrap(wire)).get(0);
        assertEquals("Hello", m.text());
    }

    @Test
    void singleFramesOfEveryLengthEncodingAtEveryOffset() {
        for (int n : new int[] {0, 1, 7, 8, 9, 125, 126, 127, 1024, 1031}) {
            byte[] p = payload(n);
            assertDecodesTo(servers(WsConfig.DEFAULT), clientFrame(0x82, p, KEY), List.of(p));
        }
    }

    @Test
    void unmaskedServerFramesOnTheClientAtEveryOffset() {
        byte[] p = payload(300);
        byte[] wire = concat(serverFrame(0x82, p), serverFrame(0x82, new byte[0]), serverFrame(0x81, hex("68 69")));
        assertDecodesTo(() -> TestSupport.openClient(WsConfig.DEFAULT), wire, List.of(p, new byte[0], hex("68 69")));
    }

    @Test
    void backToBackFramesInOneReadAtEveryOffset() {
        byte[] a = payload(200);
        byte[] b = payload(3);
        byte[] wire = concat(clientFrame(0x82, a, KEY), clientFrame(0x82, b, KEY), clientFrame(0x82, a, KEY));
        assertDecodesTo(servers(WsConfig.DEFAULT), wire, List.of(a, b, a));
    }

    @Test
    void a64KiBFrameWithA64BitLength() {
        byte[] p = payload(65536);
        byte[] wire = clientFrame(0x82, p, KEY);
        assertEquals(0x7F, wire[1] & 0x7F, "a 64-bit length");
        assertMessages(List.of(p), TestSupport.openServer(WsConfig.DEFAULT).receive(ByteBuffer.wrap(wire)), "whole");
        // Splits in and around the header, at each phase of the masking key, in the middle and at the end.
        for (int at : new int[] {0, 1, 2, 9, 10, 13, 14, 15, 16, 17, 18, 21, 32_768, 32_771, 65_549, 65_550}) {
            assertMessages(List.of(p), TestSupport.feedSplit(TestSupport.openServer(WsConfig.DEFAULT), wire, at),
                    "split at " + at);
        }
        List<WsEvent> events = new ArrayList<>();
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        for (int pos = 0; pos < wire.length; pos += 1000) {
            server.receive(ByteBuffer.wrap(wire, pos, Math.min(1000, wire.length - pos)), events::add);
        }
        assertMessages(List.of(p), events, "1000-byte reads");
    }

    @Test
    void fragmentedMessagesWithAPingBetweenAtEveryOffset() {
        byte[] p = payload(700);
        byte[] wire = concat(
                clientFrame(0x02, Arrays.copyOfRange(p, 0, 1), KEY),     // binary, FIN clear
                clientFrame(0x00, new byte[0], KEY),                                // empty continuation
                clientFrame(0x89, hex("01 02"), KEY),                               // ping in between
                clientFrame(0x00, Arrays.copyOfRange(p, 1, 500), KEY),
                clientFrame(0x80, Arrays.copyOfRange(p, 500, 700), KEY)); // FIN
        Supplier<WsEngine> engines = servers(WsConfig.DEFAULT);
        List<WsEvent> events = engines.get().receive(ByteBuffer.wrap(wire));
        assertEquals(2, events.size(), "the ping, then the message");
        for (int at = 0; at <= wire.length; at++) {
            List<WsEvent> split = TestSupport.feedSplit(engines.get(), wire, at);
            assertEquals(2, split.size(), "split at " + at);
            assertArrayEquals(p, bytesOf((Message) split.get(1)), "split at " + at);
        }
        // Empty fragments first, then everything in the last frame.
        byte[] late = concat(clientFrame(0x01, new byte[0], KEY), clientFrame(0x80, hex("68 69"), KEY));
        assertDecodesTo(engines, late, List.of(hex("68 69")));
    }

    @Test
    void aFragmentedMessageLargerThan64KiBGrowsToItsExactSize() {
        byte[] p = payload(200_000);
        byte[] wire = concat(
                clientFrame(0x02, Arrays.copyOfRange(p, 0, 10), KEY),
                clientFrame(0x00, Arrays.copyOfRange(p, 10, 150_000), KEY),
                clientFrame(0x80, Arrays.copyOfRange(p, 150_000, 200_000), KEY));
        for (int at : new int[] {0, 5, 16, 20, 100, 70_000, 150_025, 150_030, wire.length - 1}) {
            assertMessages(List.of(p), TestSupport.feedSplit(TestSupport.openServer(WsConfig.DEFAULT), wire, at),
                    "split at " + at);
        }
    }

    @Test
    void aSingleFrameAtTheMessageOrFrameLimitDecodesAndOneByteMoreIs1009() {
        Map<WsConfig, Violation> limits = Map.of(
                WsConfig.builder().maxMessageSize(300).build(), Violation.MESSAGE_TOO_BIG,
                WsConfig.builder().maxFrameSize(300).build(), Violation.FRAME_TOO_BIG);
        limits.forEach((config, violation) -> {
            byte[] p = payload(300);
            assertDecodesTo(servers(config), clientFrame(0x82, p, KEY), List.of(p));
            WsProtocolException e = assertFails(servers(config), clientFrame(0x82, payload(301), KEY), violation);
            assertEquals(1009, e.closeCode(), violation.name());
        });
    }

    @Test
    void aFragmentedMessageAtTheLimitDecodesAndOneByteMoreIs1009() {
        WsConfig config = WsConfig.builder().maxMessageSize(300).build();
        byte[] p = payload(300);
        byte[] exact = concat(clientFrame(0x02, Arrays.copyOfRange(p, 0, 200), KEY),
                clientFrame(0x80, Arrays.copyOfRange(p, 200, 300), KEY));
        assertDecodesTo(servers(config), exact, List.of(p));
        byte[] over = concat(clientFrame(0x02, Arrays.copyOfRange(p, 0, 200), KEY),
                clientFrame(0x80, payload(101), KEY));
        assertEquals(1009, assertFails(servers(config), over, Violation.MESSAGE_TOO_BIG).closeCode());
    }

    @Test
    void messagesNeverShareTheInputOrEachOthersArrays() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] p = payload(64);
        byte[] wire = concat(clientFrame(0x82, p, KEY), clientFrame(0x82, p, KEY));
        List<WsEvent> events = server.receive(ByteBuffer.wrap(wire));
        Arrays.fill(wire, (byte) 0); // the caller reuses its read buffer
        BinaryMessage first = (BinaryMessage) events.get(0);
        BinaryMessage second = (BinaryMessage) events.get(1);
        assertArrayEquals(p, first.toByteArray());
        assertArrayEquals(p, second.toByteArray());
        server.receive(ByteBuffer.wrap(clientFrame(0x82, payload(64 + 1), KEY))); // a next message, same sizes
        assertArrayEquals(p, first.toByteArray(), "not reused for the next message");
        assertNotSame(first, second);
    }
}
