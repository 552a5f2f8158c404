package dev.wscodec.api.spi;

import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Role;
import java.util.List;

/**
 * Negotiates one extension in the opening handshake (RFC 6455 §9.1) and creates its per-connection
 * {@link WsExtension}.
 */
public interface WsExtensionFactory {

    /** The extension token, e.g. {@code permessage-deflate}. */
    String name();

    /** Client: the offers to put in {@code Sec-WebSocket-Extensions}, most preferred first. */
    List<ExtensionParams> clientOffers();

    /**
     * Server: the client's offers for this extension, in the client's order. Returns the extension for the first
     * acceptable offer, or {@code null} to decline them all.
     *
     * @throws dev.wscodec.api.WsProtocolException ({@code BAD_NEGOTIATION_HEADER}) for an offer that breaks the
     *                                             extension's own syntax
     */
    WsExtension acceptOffer(List<ExtensionParams> offers, Role role);

    /**
     * Client: the server accepted with {@code response}. Returns the extension, or throws
     * {@link dev.wscodec.api.WsProtocolException} ({@code UNOFFERED_EXTENSION}) if the response does not fit any
     * offer.
     */
    WsExtension acceptResponse(ExtensionParams response, Role role);
}
