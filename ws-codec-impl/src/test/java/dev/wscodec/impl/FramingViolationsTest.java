package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.hex;
import static dev.wscodec.impl.TestSupport.serverFrame;
import static dev.wscodec.impl.ViolationAssert.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsProtocolException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every framing rule of RFC 6455 §5 with its violation, close code and the close frame sent. */
class FramingViolationsTest {

    private static final Supplier<WsEngine> SERVER = () -> TestSupport.openServer(WsConfig.DEFAULT);
    private static final Supplier<WsEngine> CLIENT = () -> TestSupport.openClient(WsConfig.DEFAULT);
    private static final Supplier<WsEngine> DEFLATE_SERVER =
            () -> TestSupport.open(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build()).server();

    @Test
    void nonMinimalSixteenBitLength() {
        WsProtocolException e = assertFails(SERVER, hex("82 FE 00 7D 37 fa 21 3d"), Violation.NON_MINIMAL_LENGTH);
        assertEquals("The payload length 125 is not encoded in the minimal number of bytes (RFC 6455 section 5.2).",
                e.getMessage());
        assertEquals(1002, e.closeCode());
    }

    @Test
    void nonMinimalSixtyFourBitLength() {
        assertFails(SERVER, hex("82 FF 00 00 00 00 00 00 FF FF 37 fa 21 3d"), Violation.NON_MINIMAL_LENGTH);
        assertFails(CLIENT, hex("82 7F 00 00 00 00 00 00 00 00"), Violation.NON_MINIMAL_LENGTH);
    }

    @Test
    void sixtyFourBitLengthWithTopBit() {
        assertFails(SERVER, hex("82 FF 80 00 00 00 00 00 00 00 37 fa 21 3d"), Violation.LENGTH_TOP_BIT);
        assertFails(CLIENT, hex("82 7F FF FF FF FF FF FF FF FF"), Violation.LENGTH_TOP_BIT);
    }

    @Test
    void unmaskedFrameFromClient() {
        WsProtocolException e = assertFails(SERVER, hex("81 05 48 65 6c 6c 6f"), Violation.UNMASKED_CLIENT_FRAME);
        assertEquals("The client sent an unmasked frame, but a client must mask every frame (RFC 6455 section 5.1).",
                e.getMessage());
        assertFails(SERVER, hex("89 00"), Violation.UNMASKED_CLIENT_FRAME);
    }

    @Test
    void maskedFrameFromServerIsAnsweredWithAMaskedClose() {
        assertFails(CLIENT, hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), Violation.MASKED_SERVER_FRAME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C1", "A1", "91", "F2", "C9", "A8", "9A"})
    void reservedBitsWithoutExtension(String b0) {
        assertFails(SERVER, concat(hex(b0), hex("80 37 fa 21 3d")), Violation.RESERVED_BITS);
    }

    @Test
    void reservedBitsOnAContinuationFrame() {
        assertFails(SERVER, concat(clientFrame(0x01, hex("41"), KEY), clientFrame(0xC0, hex("42"), KEY)),
                Violation.RESERVED_BITS);
        // Under permessage-deflate RSV1 belongs on the first frame of a message only (RFC 7692 §6.1).
        assertFails(DEFLATE_SERVER, concat(clientFrame(0x01, hex("41"), KEY), clientFrame(0xC0, hex("42"), KEY)),
                Violation.RESERVED_BITS);
    }

    @Test
    void reservedBitsNotClaimedByDeflate() {
        assertFails(DEFLATE_SERVER, clientFrame(0xA1, hex("41"), KEY), Violation.RESERVED_BITS);
        assertFails(DEFLATE_SERVER, clientFrame(0xA9, hex(""), KEY), Violation.RESERVED_BITS);
    }

    @Test
    void compressedControlFrameUnderDeflate() {
        WsProtocolException e = assertFails(DEFLATE_SERVER, clientFrame(0xC9, hex("41"), KEY), Violation.COMPRESSED_CONTROL);
        assertEquals(1002, e.closeCode());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodes(int opcode) {
        WsProtocolException e = assertFails(SERVER, clientFrame(0x80 | opcode, hex("00"), KEY), Violation.RESERVED_OPCODE);
        assertEquals("The frame has the reserved opcode 0x" + Integer.toHexString(opcode) + " (RFC 6455 section 5.2).",
                e.getMessage());
        assertFails(CLIENT, serverFrame(opcode, hex("")), Violation.RESERVED_OPCODE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x8, 0x9, 0xA})
    void fragmentedControlFrames(int opcode) {
        assertFails(SERVER, clientFrame(opcode, hex("0102"), KEY), Violation.FRAGMENTED_CONTROL);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x88, 0x89, 0x8A})
    void controlFramesLongerThan125(int b0) {
        assertFails(SERVER, clientFrame(b0, new byte[126], KEY), Violation.CONTROL_TOO_LONG);
        // Decided from the second byte, before the extended length arrives.
        assertFails(CLIENT, hex(Integer.toHexString(b0) + "7E"), Violation.CONTROL_TOO_LONG);
    }

    @Test
    void controlFrameOf125BytesIsFine() {
        WsEngine server = SERVER.get();
        assertEquals(1, server.receive(java.nio.ByteBuffer.wrap(clientFrame(0x89, new byte[125], KEY))).size());
        assertEquals(127, server.pollOutput().remaining(), "the pong carries the same 125 bytes");
    }

    @Test
    void continuationWithoutAMessage() {
        assertFails(SERVER, clientFrame(0x80, hex("41"), KEY), Violation.UNEXPECTED_CONTINUATION);
        assertFails(SERVER, concat(clientFrame(0x81, hex("41"), KEY), clientFrame(0x80, hex("41"), KEY)),
                Violation.UNEXPECTED_CONTINUATION);
    }

    @Test
    void newMessageInsideAFragmentedOne() {
        assertFails(SERVER, concat(clientFrame(0x01, hex("41"), KEY), clientFrame(0x81, hex("42"), KEY)),
                Violation.EXPECTED_CONTINUATION);
        assertFails(SERVER, concat(clientFrame(0x02, hex("41"), KEY), clientFrame(0x8A, hex(""), KEY),
                clientFrame(0x02, hex("42"), KEY)), Violation.EXPECTED_CONTINUATION);
    }

    @Test
    void frameTooBigIsRefusedFromTheHeader() {
        Supplier<WsEngine> small = () -> TestSupport.openServer(WsConfig.builder().maxFrameSize(200).build());
        // Only the header arrives: the payload is never awaited.
        WsProtocolException e = assertFails(small, hex("82 FE 00 C9 37 fa 21 3d"), Violation.FRAME_TOO_BIG);
        assertEquals(1009, e.closeCode());
        assertEquals("The frame announces 201 bytes of payload, more than the limit of 200 bytes.", e.getMessage());
        assertFails(() -> TestSupport.openClient(WsConfig.DEFAULT),
                hex("82 7F 7F FF FF FF FF FF FF FF"), Violation.FRAME_TOO_BIG);
    }

    @Test
    void messageTooBigIsRefusedFromTheHeader() {
        Supplier<WsEngine> small = () -> TestSupport.openServer(WsConfig.builder().maxMessageSize(200).build());
        byte[] wire = concat(clientFrame(0x02, new byte[100], KEY), clientFrame(0x00, new byte[100], KEY),
                hex("80 81 37 fa 21 3d"));
        WsProtocolException e = assertFails(small, wire, Violation.MESSAGE_TOO_BIG);
        assertEquals(1009, e.closeCode());
        assertEquals("The message grows to 201 bytes with this frame, more than the limit of 200 bytes.", e.getMessage());
    }

    @Test
    void messagesAtTheLimitPass() {
        WsEngine server = TestSupport.openServer(WsConfig.builder().maxMessageSize(200).maxFrameSize(200).build());
        byte[] wire = concat(clientFrame(0x02, new byte[100], KEY), clientFrame(0x80, new byte[100], KEY),
                clientFrame(0x82, new byte[200], KEY));
        assertEquals(2, server.receive(java.nio.ByteBuffer.wrap(wire)).size());
    }

    @Test
    void invalidUtf8FailsAtTheFirstBadByteBeforeTheFrameEnds() {
        // A 10-byte text frame: only its header and the first payload bytes "A\xFF" arrive.
        byte[] partial = clientFrame(0x81, hex("41 FF 41 41 41 41 41 41 41 41"), KEY);
        byte[] wire = java.util.Arrays.copyOf(partial, 8);
        WsProtocolException e = assertFails(SERVER, wire, Violation.INVALID_UTF8);
        assertEquals(1007, e.closeCode());
        assertEquals("The text message is not valid UTF-8 at byte 1 (RFC 6455 section 8.1).", e.getMessage());
    }

    @Test
    void invalidUtf8AcrossFragments() {
        // U+20AC is E2 82 AC; the first fragment ends in the middle of it, the second breaks it.
        assertFails(SERVER, concat(clientFrame(0x01, hex("41 E2 82"), KEY), clientFrame(0x80, hex("41"), KEY)),
                Violation.INVALID_UTF8);
        // A fragmented message that ends in the middle of a character.
        assertFails(SERVER, concat(clientFrame(0x01, hex("41 E2"), KEY), clientFrame(0x80, hex("82"), KEY)),
                Violation.INVALID_UTF8);
        assertFails(CLIENT, serverFrame(0x81, hex("ED A0 80")), Violation.INVALID_UTF8);
    }

    @Test
    void oneByteCloseBody() {
        assertFails(SERVER, clientFrame(0x88, hex("03"), KEY), Violation.CLOSE_PAYLOAD_TOO_SHORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void invalidCloseCodes(int code) {
        WsProtocolException e = assertFails(SERVER, clientFrame(0x88, new byte[] {(byte) (code >> 8), (byte) code}, KEY),
                Violation.INVALID_CLOSE_CODE);
        assertEquals("The close code " + code + " may not be sent in a close frame (RFC 6455 section 7.4).",
                e.getMessage());
    }

    @Test
    void closeReasonThatIsNotUtf8() {
        WsProtocolException e = assertFails(SERVER, clientFrame(0x88, hex("03 E8 41 FF"), KEY),
                Violation.INVALID_CLOSE_REASON);
        assertEquals(1007, e.closeCode());
    }
}
