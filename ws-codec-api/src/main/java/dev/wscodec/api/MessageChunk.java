package dev.wscodec.api;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A piece of a message, for streaming messages too large to hold in memory. Received chunks are delivered when
 * {@link WsConfig#streaming()} is on; sent chunks become one frame each (the first with the message's opcode, the
 * rest continuations).
 *
 * <p>Received text chunks hold UTF-8 bytes that are valid so far; a character may be split between two chunks.
 *
 * @param opcode {@link Opcode#TEXT} or {@link Opcode#BINARY}: the type of the whole message
 * @param data   the bytes of this chunk, read-only (may be empty)
 * @param first  whether this chunk starts the message
 * @param last   whether this chunk ends the message
 */
public record MessageChunk(Opcode opcode, ByteBuffer data, boolean first, boolean last) implements WsEvent, Outbound {

    public MessageChunk {
        Objects.requireNonNull(opcode, "opcode");
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            throw new IllegalArgumentException("A message chunk is TEXT or BINARY, not " + opcode + ".");
        }
        data = data.asReadOnlyBuffer();
    }

    /** The bytes as a fresh read-only view. */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
