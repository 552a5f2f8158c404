package dev.wscodec.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.bench.codec.Wire;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The generator's frame parser: counts whole messages and payload bytes however the reads are split. */
class ConnParserTest {

    private static final class Counts implements Conn.MessageListener {
        int messages;
        long bytes;

        @Override
        public void message(Conn conn, long latencyNanos) {
            messages++;
        }

        @Override
        public void payloadBytes(int n) {
            bytes += n;
        }
    }

    private static Conn openConn(int inFlight) {
        Conn c = new Conn(null);
        c.state = Conn.State.OPEN;
        for (int i = 0; i < inFlight; i++) {
            c.send(ByteBuffer.allocate(0), 0);
        }
        return c;
    }

    @Test
    void countsMessagesAndPayloadAtEverySplitPoint() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int[] sizes = {0, 1, 125, 126, 65535, 65536, 70000};
        long total = 0;
        for (int size : sizes) {
            wire.writeBytes(Wire.frame(Wire.OP_BINARY, 0, new byte[size], null));
            total += size;
        }
        byte[] bytes = wire.toByteArray();
        for (int split = 0; split <= bytes.length; split += split < 300 ? 1 : 997) {
            Conn c = openConn(sizes.length);
            Counts counts = new Counts();
            assertTrue(c.readFrames(ByteBuffer.wrap(bytes, 0, split), counts, 0));
            assertTrue(c.readFrames(ByteBuffer.wrap(bytes, split, bytes.length - split), counts, 0));
            assertEquals(sizes.length, counts.messages, "split at " + split);
            assertEquals(total, counts.bytes, "split at " + split);
            assertEquals(0, c.inFlight);
        }
    }

    @Test
    void countsAFragmentedMessageOnceAndSkipsPings() {
        // text "Hel" (FIN=0), ping "", continuation "lo" (FIN=1)
        byte[] bytes = HexFormat.of().parseHex("010348656c" + "8900" + "80026c6f");
        Conn c = openConn(1);
        Counts counts = new Counts();
        assertTrue(c.readFrames(ByteBuffer.wrap(bytes), counts, 0));
        assertEquals(1, counts.messages);
        assertEquals(5, counts.bytes);
    }

    @Test
    void reportsTheServersCloseFrame() {
        byte[] bytes = HexFormat.of().parseHex("880203e8");
        assertFalse(openConn(0).readFrames(ByteBuffer.wrap(bytes), new Counts(), 0));
    }

    @Test
    void refusesAMessageThatWasNotAskedFor() {
        byte[] bytes = HexFormat.of().parseHex("820101");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> openConn(0).readFrames(ByteBuffer.wrap(bytes), new Counts(), 0));
        assertEquals("The server sent a message that was not asked for.", e.getMessage());
    }

    @Test
    void acceptsOnlyA101Response() {
        Conn c = new Conn(null);
        c.state = Conn.State.HANDSHAKING;
        String ok = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
        assertFalse(c.readHandshake(ByteBuffer.wrap(ok.substring(0, 20).getBytes())));
        assertTrue(c.readHandshake(ByteBuffer.wrap(ok.substring(20).getBytes())));
        assertEquals(Conn.State.OPEN, c.state);
        assertTrue(c.negotiated.contains("permessage-deflate"));
        Conn refused = new Conn(null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> refused.readHandshake(ByteBuffer.wrap("HTTP/1.1 426 Upgrade Required\r\n\r\n".getBytes())));
        assertEquals("The server refused the upgrade: HTTP/1.1 426 Upgrade Required", e.getMessage());
    }
}
