package dev.wscodec.api;

import java.util.Objects;

/**
 * A close frame (RFC 6455 §5.5.1). Received: the peer's status ({@link CloseStatus#EMPTY} when its frame had no
 * body). Sent: starts the close handshake, or answers the peer's close.
 */
public record Close(CloseStatus status) implements WsEvent, Outbound {

    public Close {
        Objects.requireNonNull(status, "status");
    }

    public static Close of(int code, String reason) {
        return new Close(CloseStatus.of(code, reason));
    }
}
