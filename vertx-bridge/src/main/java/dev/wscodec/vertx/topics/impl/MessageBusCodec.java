package dev.wscodec.vertx.topics.impl;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Message;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.spi.ValidatedText;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The event-bus codec of {@link Message}: between nodes one opcode byte, the payload length (4 bytes) and the
 * payload, no JSON; on one node the (immutable) message itself. Text arriving from another node is checked to be
 * UTF-8 before it can reach a WebSocket client (RFC 6455 §8.1).
 */
final class MessageBusCodec implements MessageCodec<Message, Message> {

    static final String NAME = "wscodec.message";

    @Override
    public void encodeToWire(Buffer buffer, Message m) {
        ByteBuffer payload = m.payload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        buffer.appendByte((byte) m.opcode().code()).appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public Message decodeFromWire(int pos, Buffer buffer) {
        int opcode = buffer.getByte(pos);
        int length = buffer.getInt(pos + 1);
        byte[] bytes = buffer.getBytes(pos + 5, pos + 5 + length);
        if (opcode == Opcode.BINARY.code()) {
            return BinaryMessage.wrap(bytes);
        }
        if (opcode != Opcode.TEXT.code()) {
            throw new IllegalStateException("An event-bus message of topics has the unknown opcode " + opcode + ".");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("An event-bus text message of topics is not valid UTF-8.", e);
        }
        return ValidatedText.wrap(bytes);
    }

    @Override
    public Message transform(Message m) {
        return m;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
