package dev.wscodec.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A pong control frame; its application data is at most 125 bytes (RFC 6455 §5.5.3). */
public record Pong(ByteBuffer data) implements WsEvent, Outbound {

    public Pong {
        data = ControlPayloads.check(data, "pong");
    }

    public static Pong of(String data) {
        return new Pong(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** The application data as a fresh read-only view. */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
