package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.decode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.encode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.hex;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples of RFC 7692 §7.2.3, byte for byte, through the extension itself. */
class Rfc7692ExamplesTest {

    private static final byte[] HELLO = "Hello".getBytes(US_ASCII);
    private static final DeflateConfig ALWAYS = DeflateConfig.DEFAULT.withMinSizeToCompress(0);

    /** The payload of a single short frame, checking that its first byte is FIN + RSV1 + text. */
    private static byte[] payloadOf(String frameHex) {
        byte[] frame = hex(frameHex);
        assertEquals(0xc1, frame[0] & 0xff, "FIN, RSV1 and opcode text");
        assertEquals(frame.length - 2, frame[1], "7-bit length");
        return Arrays.copyOfRange(frame, 2, frame.length);
    }

    /** Decodes the payload as one frame, and as two frames split at every offset, with fresh extensions. */
    private static void assertDecodesToHello(byte[] payload) {
        for (int split = 0; split <= payload.length; split++) {
            PerMessageDeflate ext = DeflateTestSupport.client(ALWAYS);
            byte[] a = Arrays.copyOfRange(payload, 0, split);
            byte[] b = Arrays.copyOfRange(payload, split, payload.length);
            assertArrayEquals(HELLO, decode(ext, a, b), "split at " + split);
            ext.release();
        }
        PerMessageDeflate ext = DeflateTestSupport.server(ALWAYS);
        assertArrayEquals(HELLO, decode(ext, payload));
        ext.release();
    }

    @Test
    void helloCompressesToTheBytesOfSection7_2_3_1() {
        PerMessageDeflate ext = DeflateTestSupport.server(ALWAYS);
        assertEquals("f2 48 cd c9 c9 07 00", hex(encode(ext, HELLO)));
        ext.release();
    }

    @Test
    void section7_2_3_1_singleFrameDecodesAtEverySplit() {
        assertDecodesToHello(payloadOf("c1 07 f2 48 cd c9 c9 07 00"));
    }

    @Test
    void section7_2_3_1_fragmentedMessage() {
        // "41 03 f2 48 cd" (RSV1, not FIN) then "80 04 c9 c9 07 00" (continuation, FIN, no RSV1)
        byte[] first = hex("41 03 f2 48 cd");
        byte[] second = hex("80 04 c9 c9 07 00");
        assertEquals(0x40, first[0] & 0x70, "RSV1 on the first frame");
        assertEquals(0x00, second[0] & 0x70, "no RSV bit on the continuation");
        PerMessageDeflate ext = DeflateTestSupport.client(ALWAYS);
        assertArrayEquals(HELLO, decode(ext, Arrays.copyOfRange(first, 2, 5), Arrays.copyOfRange(second, 2, 6)));
        ext.release();
    }

    @Test
    void section7_2_3_2_sharingTheWindowMakesTheSecondHelloShorter() {
        PerMessageDeflate sender = DeflateTestSupport.server(ALWAYS);
        assertEquals("f2 48 cd c9 c9 07 00", hex(encode(sender, HELLO)));
        assertEquals("f2 00 11 00 00", hex(encode(sender, HELLO)));
        sender.release();

        PerMessageDeflate receiver = DeflateTestSupport.client(ALWAYS);
        assertArrayEquals(HELLO, decode(receiver, payloadOf("c1 07 f2 48 cd c9 c9 07 00")));
        assertArrayEquals(HELLO, decode(receiver, payloadOf("c1 05 f2 00 11 00 00")));
        receiver.release();
    }

    @Test
    void section7_2_3_2_withoutContextTakeoverTheSecondHelloIsCompressedAlone() {
        PerMessageDeflate sender = DeflateTestSupport.server(ALWAYS, "server_no_context_takeover");
        assertEquals("f2 48 cd c9 c9 07 00", hex(encode(sender, HELLO)));
        assertEquals("f2 48 cd c9 c9 07 00", hex(encode(sender, HELLO)));
        sender.release();
    }

    @Test
    void section7_2_3_2_secondMessageSplitAtEveryOffset() {
        byte[] second = payloadOf("c1 05 f2 00 11 00 00");
        for (int split = 0; split <= second.length; split++) {
            PerMessageDeflate receiver = DeflateTestSupport.client(ALWAYS);
            assertArrayEquals(HELLO, decode(receiver, payloadOf("c1 07 f2 48 cd c9 c9 07 00")));
            assertArrayEquals(HELLO, decode(receiver, Arrays.copyOfRange(second, 0, split),
                    Arrays.copyOfRange(second, split, second.length)), "split at " + split);
            receiver.release();
        }
    }

    @Test
    void section7_2_3_3_deflateBlockWithNoCompression() {
        assertDecodesToHello(payloadOf("c1 0b 00 05 00 fa ff 48 65 6c 6c 6f 00"));
    }

    @Test
    void section7_2_3_4_deflateBlockWithBfinalSet() {
        assertDecodesToHello(payloadOf("c1 08 f3 48 cd c9 c9 07 00 00"));
    }

    @Test
    void afterABfinalBlockTheNextMessageStartsANewStream() {
        PerMessageDeflate receiver = DeflateTestSupport.client(ALWAYS);
        assertArrayEquals(HELLO, decode(receiver, payloadOf("c1 08 f3 48 cd c9 c9 07 00 00")));
        assertArrayEquals(HELLO, decode(receiver, payloadOf("c1 07 f2 48 cd c9 c9 07 00")));
        receiver.release();
    }

    @Test
    void section7_2_3_5_twoDeflateBlocksInOneMessage() {
        assertDecodesToHello(payloadOf("c1 0d f2 48 05 00 00 00 ff ff ca c9 c9 07 00"));
    }

    @Test
    void section7_2_3_6_emptyFragmentDecodesToNothing() {
        PerMessageDeflate ext = DeflateTestSupport.client(ALWAYS);
        assertEquals(0, decode(ext, payloadOf("c1 01 00")).length);
        // and the window is intact for the next message
        assertArrayEquals(HELLO, decode(ext, payloadOf("c1 07 f2 48 cd c9 c9 07 00")));
        ext.release();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anEmptyMessageIsSentAsTheSingleOctet00(boolean afterAnotherMessage) {
        PerMessageDeflate sender = DeflateTestSupport.server(ALWAYS);
        if (afterAnotherMessage) {
            encode(sender, HELLO);
        }
        assertEquals("00", hex(encode(sender, new byte[0])));
        // the window still fits the RFC example afterwards
        assertTrue(encode(sender, HELLO).length <= 7);
        sender.release();
    }
}
