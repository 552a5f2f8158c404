package dev.wscodec.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A ping control frame; its application data is at most 125 bytes (RFC 6455 §5.5.2). */
public record Ping(ByteBuffer data) implements WsEvent, Outbound {

    public Ping {
        data = ControlPayloads.check(data, "ping");
    }

    public static Ping of(String data) {
        return new Ping(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** The application data as a fresh read-only view. */
    @Override
    public ByteBuffer data() {
        return data.duplicate();
    }
}
