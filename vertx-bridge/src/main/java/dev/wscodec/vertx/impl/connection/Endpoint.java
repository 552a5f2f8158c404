package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsAcceptHook;
import dev.wscodec.vertx.WsHandler;
import java.util.Objects;

/**
 * Where an accepted upgrade goes: the hook that decides about it and the handler that serves it, with the codec
 * configuration of this endpoint, or {@code null} for the server's.
 */
public record Endpoint(WsConfig config, WsAcceptHook hook, WsHandler handler) {

    public Endpoint {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(handler, "handler");
    }
}
