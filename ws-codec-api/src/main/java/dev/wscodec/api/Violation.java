package dev.wscodec.api;

/**
 * Every protocol rule a peer can break, one constant per rule, each with what a server or client answers:
 * an HTTP status for a bad opening handshake, or the close code of the close frame that fails the connection
 * (RFC 6455 §7.1.7, §7.4.1).
 */
public enum Violation {

    // ---- Server side of the opening handshake (RFC 6455 §4.2.1) ----
    /** The request head grew beyond {@link WsConfig#maxHandshakeSize()}. */
    HEAD_TOO_LARGE(Kind.HANDSHAKE, 431, 0),
    /** The request line or a header line is not valid HTTP/1.1 syntax. */
    MALFORMED_REQUEST(Kind.HANDSHAKE, 400, 0),
    /** An upgrade request with a method other than GET (§4.2.1 item 1). */
    METHOD_NOT_GET(Kind.HANDSHAKE, 405, 0),
    /** An upgrade request with a version below HTTP/1.1 (§4.2.1 item 1). */
    HTTP_VERSION_TOO_OLD(Kind.HANDSHAKE, 400, 0),
    /** A request line whose HTTP major version is not 1, e.g. {@code HTTP/2.0} (RFC 9110 §15.6.6). */
    HTTP_VERSION_NOT_SUPPORTED(Kind.HANDSHAKE, 505, 0),
    /** No Host header, or more than one (§4.2.1 item 2). */
    MISSING_HOST(Kind.HANDSHAKE, 400, 0),
    /** The Connection header does not list Upgrade (§4.2.1 item 4). */
    CONNECTION_NOT_UPGRADE(Kind.HANDSHAKE, 400, 0),
    /** Sec-WebSocket-Key is missing, repeated, or not the base64 of exactly 16 bytes (§4.2.1 item 5). */
    BAD_KEY(Kind.HANDSHAKE, 400, 0),
    /** Sec-WebSocket-Version is missing or not 13; answered with {@code Sec-WebSocket-Version: 13} (§4.2.2). */
    UNSUPPORTED_VERSION(Kind.HANDSHAKE, 426, 0),
    /** The Origin is not in {@link WsConfig#allowedOrigins()} (§4.2.2 item 4, §10.2). */
    ORIGIN_NOT_ALLOWED(Kind.HANDSHAKE, 403, 0),
    /** A Sec-WebSocket-Protocol or Sec-WebSocket-Extensions header cannot be parsed. */
    BAD_NEGOTIATION_HEADER(Kind.HANDSHAKE, 400, 0),

    // ---- Client side of the opening handshake (RFC 6455 §4.1, "the client MUST _Fail the WebSocket Connection_") ----
    /** The response head is not valid HTTP/1.1, or grew beyond the head limit. */
    MALFORMED_RESPONSE(Kind.HANDSHAKE, 0, 1002),
    /** A 101 response without {@code Upgrade: websocket} or {@code Connection: Upgrade}. */
    RESPONSE_NOT_UPGRADE(Kind.HANDSHAKE, 0, 1002),
    /** Sec-WebSocket-Accept is missing or does not match the key sent. */
    BAD_ACCEPT(Kind.HANDSHAKE, 0, 1002),
    /** The server chose a subprotocol the client did not offer. */
    UNOFFERED_SUBPROTOCOL(Kind.HANDSHAKE, 0, 1002),
    /** The server answered with an extension, or extension parameters, the client did not offer. */
    UNOFFERED_EXTENSION(Kind.HANDSHAKE, 0, 1010),

    // ---- Framing (RFC 6455 §5) ----
    /** A 16- or 64-bit length that would fit in a shorter form (§5.2, "the minimal number of bytes MUST be used"). */
    NON_MINIMAL_LENGTH(Kind.CONNECTION, 0, 1002),
    /** A 64-bit length with the most significant bit set (§5.2). */
    LENGTH_TOP_BIT(Kind.CONNECTION, 0, 1002),
    /** A client frame without a mask (§5.1). */
    UNMASKED_CLIENT_FRAME(Kind.CONNECTION, 0, 1002),
    /** A server frame with a mask (§5.1). */
    MASKED_SERVER_FRAME(Kind.CONNECTION, 0, 1002),
    /** RSV1-3 set without a negotiated extension that defines them (§5.2). */
    RESERVED_BITS(Kind.CONNECTION, 0, 1002),
    /** A reserved opcode 0x3-0x7 or 0xB-0xF (§5.2). */
    RESERVED_OPCODE(Kind.CONNECTION, 0, 1002),
    /** A control frame with FIN clear (§5.5). */
    FRAGMENTED_CONTROL(Kind.CONNECTION, 0, 1002),
    /** A control frame with more than 125 bytes of payload (§5.5). */
    CONTROL_TOO_LONG(Kind.CONNECTION, 0, 1002),
    /** A continuation frame with no message to continue (§5.4). */
    UNEXPECTED_CONTINUATION(Kind.CONNECTION, 0, 1002),
    /** A new text or binary frame while a fragmented message is not finished (§5.4). */
    EXPECTED_CONTINUATION(Kind.CONNECTION, 0, 1002),
    /** A frame whose payload is larger than {@link WsConfig#maxFrameSize()}; checked from the header. */
    FRAME_TOO_BIG(Kind.CONNECTION, 0, 1009),
    /** A message larger than {@link WsConfig#maxMessageSize()}, counted after any extension (e.g. inflated). */
    MESSAGE_TOO_BIG(Kind.CONNECTION, 0, 1009),
    /**
     * A message that an extension decoded (permessage-deflate inflated) to more than {@link WsConfig#maxMessageSize()}:
     * a decompression bomb, refused as soon as the decoded bytes pass the limit (RFC 7692 §8.1 leaves the limit to
     * the implementation).
     */
    DECODED_MESSAGE_TOO_BIG(Kind.CONNECTION, 0, 1009),
    /** Text that is not valid UTF-8 (§8.1), detected at the first bad byte. */
    INVALID_UTF8(Kind.CONNECTION, 0, 1007),
    /** A close frame with a 1-byte payload (§5.5.1). */
    CLOSE_PAYLOAD_TOO_SHORT(Kind.CONNECTION, 0, 1002),
    /** A close code that may not be sent (§7.4). */
    INVALID_CLOSE_CODE(Kind.CONNECTION, 0, 1002),
    /** A close reason that is not valid UTF-8 (§5.5.1). */
    INVALID_CLOSE_REASON(Kind.CONNECTION, 0, 1007),

    // ---- Extensions (RFC 7692) ----
    /** A control frame with RSV1 set under permessage-deflate (RFC 7692 §6.1). */
    COMPRESSED_CONTROL(Kind.CONNECTION, 0, 1002),
    /** A compressed message whose DEFLATE data is corrupt (RFC 7692 §6.2). */
    BAD_COMPRESSED_DATA(Kind.CONNECTION, 0, 1007);

    /** What a rule is about: the opening handshake, or the open connection's frames and messages. */
    private enum Kind { HANDSHAKE, CONNECTION }

    private final Kind kind;
    private final int httpStatus;
    private final int closeCode;

    Violation(Kind kind, int httpStatus, int closeCode) {
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.closeCode = closeCode;
    }

    /** The HTTP status a server answers with, or 0 when the rule is not about a request head. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The close code that fails the connection, or 0 when the rule is about a request head. */
    public int closeCode() {
        return closeCode;
    }

    /** Whether the rule is about the opening handshake (either side). */
    public boolean isHandshake() {
        return kind == Kind.HANDSHAKE;
    }
}
