package dev.wscodec.bench.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-built fixtures are what the benchmarks claim: valid frames and valid UTF-8 of the stated sizes. */
class WireTest {

    @Test
    void buildsTheRfcExampleOfAMaskedHello() {
        // RFC 6455 §5.7: a single-frame masked text message "Hello"
        byte[] frame = Wire.frame(Wire.OP_TEXT, 0, "Hello".getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().parseHex("37fa213d"));
        assertEquals("818537fa213d7f9f4d5158", HexFormat.of().formatHex(frame));
    }

    @Test
    void ourServerEngineDecodesEveryFixtureSize() {
        OurEngines.Pair pair = OurEngines.open(OurEngines.config(2L * 1024 * 1024));
        try {
            for (int size : new int[] {16, 125, 1024, 65536}) {
                byte[] payload = Wire.randomBytes(size, size);
                int frames = Math.max(16, 65536 / size);
                List<WsEvent> events = pair.server().receive(ByteBuffer.wrap(Wire.maskedFrames(Wire.OP_BINARY, payload, frames, 1)));
                assertEquals(frames, events.size());
                assertArrayEquals(payload, ((BinaryMessage) events.get(frames - 1)).toByteArray());
            }
        } finally {
            pair.release();
        }
    }

    @Test
    void samplesAreValidUtf8OfTheExactSize() {
        byte[] ascii = Wire.asciiJson(16 * 1024);
        byte[] mixed = Wire.mixedUtf8(16 * 1024);
        assertEquals(16 * 1024, ascii.length);
        assertEquals(16 * 1024, mixed.length);
        assertTrue(new String(ascii, StandardCharsets.US_ASCII).startsWith("[{\"id\":0,"));
        OurEngines.Pair pair = OurEngines.open(OurEngines.config(1024 * 1024));
        try {
            List<WsEvent> events = pair.server().receive(ByteBuffer.wrap(Wire.maskedFrames(Wire.OP_TEXT, mixed, 1, 2)));
            String text = ((TextMessage) events.get(0)).text();
            assertTrue(text.contains("Привет") && text.contains("東京"), "mixed sample: " + text.substring(0, 40));
            assertArrayEquals(mixed, text.getBytes(StandardCharsets.UTF_8));
        } finally {
            pair.release();
        }
    }
}
