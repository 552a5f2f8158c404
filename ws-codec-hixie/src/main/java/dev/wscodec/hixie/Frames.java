package dev.wscodec.hixie;

import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;

/**
 * Encodes the frames this protocol can send (draft-hixie-76 section 5.3; draft-hixie-75 section 4.2): text as
 * {@code 0x00 <UTF-8> 0xFF} and the closing frame {@code 0xFF 0x00}. There is no binary frame, no ping, no pong,
 * no close code and no masking.
 */
final class Frames {

    private static final byte[] CLOSE = {(byte) 0xFF, 0x00};

    private Frames() {
    }

    /** The closing frame {@code 0xFF 0x00} (draft-hixie-76 section 5.3). */
    static ByteBuffer close() {
        return ByteBuffer.wrap(CLOSE).asReadOnlyBuffer();
    }

    /** A whole text message as one frame. */
    static ByteBuffer text(Message m) {
        checkText(m.opcode());
        ByteBuffer payload = m.payload();
        checkNoFF(payload);
        ByteBuffer out = ByteBuffer.allocate(payload.remaining() + 2);
        out.put((byte) 0x00).put(payload).put((byte) 0xFF).flip();
        return out;
    }

    /** A text chunk: the first opens the frame with 0x00, the last ends it with 0xFF. */
    static ByteBuffer chunk(MessageChunk c) {
        checkText(c.opcode());
        ByteBuffer data = c.data();
        checkNoFF(data);
        ByteBuffer out = ByteBuffer.allocate(data.remaining() + (c.first() ? 1 : 0) + (c.last() ? 1 : 0));
        if (c.first()) {
            out.put((byte) 0x00);
        }
        out.put(data);
        if (c.last()) {
            out.put((byte) 0xFF);
        }
        return out.flip();
    }

    private static void checkText(Opcode opcode) {
        if (opcode != Opcode.TEXT) {
            throw new WsUsageException("A binary message cannot be sent with draft-hixie-76 (or -75): the protocol "
                    + "has text frames only. Send text, or use an RFC 6455 connection.");
        }
    }

    /** 0xFF ends a text frame and never occurs in UTF-8, so text holding it cannot be framed. */
    private static void checkNoFF(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (b.get(i) == (byte) 0xFF) {
                throw new WsUsageException("The text holds the byte 0xFF, which is not UTF-8 and would end the "
                        + "frame early (draft-hixie-76 section 5.3).");
            }
        }
    }
}
