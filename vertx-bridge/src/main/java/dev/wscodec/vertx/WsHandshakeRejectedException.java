package dev.wscodec.vertx;

import dev.wscodec.api.HttpResponse;
import java.util.Objects;

/** {@link WsClient#connect}: the server answered the opening handshake with something other than {@code 101}. */
public class WsHandshakeRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient HttpResponse response;

    public WsHandshakeRejectedException(HttpResponse response) {
        super("The server rejected the WebSocket handshake with HTTP status " + response.status() + " "
                + response.reason() + ".");
        this.response = Objects.requireNonNull(response, "response");
    }

    /** The HTTP status the server answered with, e.g. 401 or 403. */
    public int status() {
        return response.status();
    }

    /** The whole response, with headers and body. */
    public HttpResponse response() {
        return response;
    }
}
