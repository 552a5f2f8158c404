package dev.wscodec.api;

import java.util.Objects;

/**
 * A server's decision to accept an {@link WsEvent.UpgradeRequest}.
 *
 * @param subprotocol the subprotocol to answer with; must be one the client offered. {@code null} lets the engine
 *                    choose the most preferred of {@link WsConfig#subprotocols()} that was offered (or none)
 * @param headers     extra header fields for the {@code 101} response (e.g. {@code Set-Cookie})
 */
public record Accept(String subprotocol, HttpHeaders headers) {

    /** Accept with the engine's choice of subprotocol and extensions. */
    public static final Accept DEFAULT = new Accept(null, HttpHeaders.EMPTY);

    public Accept {
        Objects.requireNonNull(headers, "headers");
    }

    public static Accept withSubprotocol(String subprotocol) {
        return new Accept(Objects.requireNonNull(subprotocol, "subprotocol"), HttpHeaders.EMPTY);
    }
}
