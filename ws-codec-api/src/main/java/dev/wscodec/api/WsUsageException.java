package dev.wscodec.api;

/**
 * The caller misused the API: for example sent a message after the close handshake started, sent on a server
 * engine before accepting, or accepted with a subprotocol the client did not offer. The connection itself is not
 * at fault and its state is unchanged.
 */
public class WsUsageException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public WsUsageException(String message) {
        super(message);
    }
}
