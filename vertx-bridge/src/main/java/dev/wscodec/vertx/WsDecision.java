package dev.wscodec.vertx;

import dev.wscodec.api.Accept;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import java.util.Objects;

/** What a {@link WsAcceptHook} decided about an upgrade request: accept it, or answer with an HTTP response. */
public sealed interface WsDecision permits WsDecision.Accepted, WsDecision.Rejected {

    /**
     * Accept the upgrade.
     *
     * @param accept the subprotocol to choose ({@code null}: the engine picks from
     *               {@link dev.wscodec.api.WsConfig#subprotocols()}) and extra {@code 101} headers
     */
    record Accepted(Accept accept) implements WsDecision {
        public Accepted {
            Objects.requireNonNull(accept, "accept");
        }
    }

    /** Refuse the upgrade with this HTTP response (e.g. 401, 403, 404); the connection is then closed. */
    record Rejected(HttpResponse response) implements WsDecision {
        public Rejected {
            Objects.requireNonNull(response, "response");
            if (response.status() == 101) {
                throw new IllegalArgumentException("A rejection cannot have status 101.");
            }
        }
    }

    /** Accept; the engine chooses the subprotocol from the configured ones. */
    static WsDecision accept() {
        return new Accepted(Accept.DEFAULT);
    }

    /** Accept with this subprotocol, which must be one the client offered. */
    static WsDecision accept(String subprotocol) {
        return new Accepted(Accept.withSubprotocol(subprotocol));
    }

    /** Accept with a subprotocol ({@code null} for the engine's choice) and extra {@code 101} response headers. */
    static WsDecision accept(String subprotocol, HttpHeaders headers) {
        return new Accepted(new Accept(subprotocol, headers));
    }

    /** Reject with a status and its standard reason phrase, no body. */
    static WsDecision reject(int status) {
        return new Rejected(HttpResponse.of(status));
    }

    /** Reject with a status, headers (e.g. {@code WWW-Authenticate}) and no body. */
    static WsDecision reject(int status, HttpHeaders headers) {
        return new Rejected(new HttpResponse(status, HttpResponse.reasonPhrase(status), headers, null));
    }

    /** Reject with a complete response. */
    static WsDecision reject(HttpResponse response) {
        return new Rejected(response);
    }
}
