package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Corrupt DEFLATE data fails the connection with 1007 (RFC 7692 §6.2 / RFC 6455 §7.4.1) and frees the inflater. */
class CorruptDataTest {

    private static WsProtocolException corrupt(PerMessageDeflate ext, byte[]... frames) {
        int inflaters = ZlibPool.liveInflaters();
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> DeflateTestSupport.decode(ext, frames));
        assertEquals(Violation.BAD_COMPRESSED_DATA, e.violation());
        assertEquals(1007, e.closeCode());
        assertFalse(ext.holdsNativeMemory(), "the inflater is ended at once");
        assertEquals(inflaters, ZlibPool.liveInflaters(), "created lazily, ended at once");
        return e;
    }

    @ParameterizedTest
    @CsvSource({
            "ff, The compressed message is not valid DEFLATE data (invalid block type).",
            "00 05 00 00 00 48 65 6c 6c 6f, The compressed message is not valid DEFLATE data (invalid stored block lengths).",
            // fixed Huffman block, literal 'H', then a match at distance 1024 with only 1 byte of history
            "f3 00 11 06 00, The compressed message is not valid DEFLATE data (invalid distance too far back)."})
    void corruptDataIsRefusedWith1007(String payload, String message) {
        PerMessageDeflate ext = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        assertEquals(message, corrupt(ext, hex(payload)).getMessage());
        ext.release();
    }

    @Test
    void corruptionInALaterFrameOfAFragmentedMessage() {
        PerMessageDeflate ext = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        // "He" and an empty stored block (RFC 7692 §7.2.3.5), then a block of the reserved type 11
        corrupt(ext, hex("f2 48 05 00 00 00 ff ff"), hex("ff"));
        ext.release();
    }

    @Test
    void randomGarbageNeverFailsWithAnythingElse() {
        SplittableRandom random = new SplittableRandom(7692);
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[1 + random.nextInt(64)];
            random.nextBytes(payload);
            PerMessageDeflate ext = DeflateTestSupport.server(DeflateConfig.DEFAULT);
            DeflateTestSupport.Collector sink = new DeflateTestSupport.Collector(64 * 1024);
            try {
                ext.decode(ByteBuffer.wrap(payload), true, sink);
            } catch (WsProtocolException e) {
                if (e.violation() != Violation.BAD_COMPRESSED_DATA && e.violation() != Violation.MESSAGE_TOO_BIG) {
                    throw e;
                }
                refused++;
            } finally {
                ext.release();
            }
        }
        assertFalse(refused == 0, "random bytes are usually not valid DEFLATE");
    }

    @Test
    void aReleasedExtensionRefusesUseAndReleasesTwiceQuietly() {
        PerMessageDeflate ext = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        DeflateTestSupport.decode(ext, hex("f2 48 cd c9 c9 07 00"));
        ext.release();
        ext.release();
        WsUsageException e = assertThrows(WsUsageException.class, () -> DeflateTestSupport.decode(ext, hex("00")));
        assertEquals("The permessage-deflate extension was released with its connection.", e.getMessage());
    }
}
