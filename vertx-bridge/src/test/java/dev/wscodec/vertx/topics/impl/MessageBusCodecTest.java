package dev.wscodec.vertx.topics.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The event-bus codec of messages between nodes: what one node writes the other reads back equal, after whatever
 * the event bus put before it; text that is not UTF-8 and unknown opcodes are refused with a clear error.
 */
class MessageBusCodecTest {

    private final MessageBusCodec codec = new MessageBusCodec();

    private Message roundTrip(Message m) {
        Buffer wire = Buffer.buffer().appendString("event-bus header before the body");
        int pos = wire.length();
        codec.encodeToWire(wire, m);
        assertEquals(pos + 5 + m.length(), wire.length(), "one opcode byte, a length, the payload: no JSON");
        return codec.decodeFromWire(pos, wire);
    }

    @Test
    void textAndBinaryMessagesCrossUnchanged() {
        TextMessage text = TextMessage.of("h\u00e9llo \ud83d\ude00");
        BinaryMessage binary = BinaryMessage.of(new byte[] {0, 1, 2, (byte) 0xFF});
        assertEquals(text, roundTrip(text));
        assertEquals(binary, roundTrip(binary));
        assertEquals(TextMessage.of(""), roundTrip(TextMessage.of("")));
        assertSame(text, codec.transform(text), "on one node the immutable message itself");
        assertEquals("wscodec.message", codec.name());
        assertEquals(-1, codec.systemCodecID());
    }

    @Test
    void textThatIsNotUtf8AndUnknownOpcodesAreRefused() {
        Buffer bad = Buffer.buffer().appendByte((byte) 1).appendInt(2).appendBytes(new byte[] {(byte) 0xC3, 0x28});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> codec.decodeFromWire(0, bad));
        assertEquals("An event-bus text message of topics is not valid UTF-8.", e.getMessage());
        Buffer ping = Buffer.buffer().appendByte((byte) 9).appendInt(0);
        e = assertThrows(IllegalStateException.class, () -> codec.decodeFromWire(0, ping));
        assertEquals("An event-bus message of topics has the unknown opcode 9.", e.getMessage());
    }
}
