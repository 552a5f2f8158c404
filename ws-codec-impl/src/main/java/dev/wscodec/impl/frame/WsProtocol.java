package dev.wscodec.impl.frame;

/**
 * Wire constants of the RFC 6455 base framing protocol (§5.2):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * :                     Payload Data continued ...                :
 * + - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class WsProtocol {

    /** First byte: the final fragment of a message. */
    public static final int FIN = 0x80;
    /** First byte: RSV1 (permessage-deflate's "compressed" bit, RFC 7692 §6). */
    public static final int RSV1 = 0x40;
    public static final int RSV2 = 0x20;
    public static final int RSV3 = 0x10;
    /** First byte: all three reserved bits. */
    public static final int RSV_BITS = RSV1 | RSV2 | RSV3;
    /** First byte: the opcode nibble. */
    public static final int OPCODE_BITS = 0x0F;
    /** Second byte: the payload is masked. */
    public static final int MASK = 0x80;
    /** Second byte: the 7-bit payload length. */
    public static final int LENGTH_BITS = 0x7F;
    /** 7-bit length value announcing a 16-bit extended length. */
    public static final int LENGTH_16 = 126;
    /** 7-bit length value announcing a 64-bit extended length. */
    public static final int LENGTH_64 = 127;

    public static final int OP_CONTINUATION = 0x0;
    public static final int OP_TEXT = 0x1;
    public static final int OP_BINARY = 0x2;
    public static final int OP_CLOSE = 0x8;
    public static final int OP_PING = 0x9;
    public static final int OP_PONG = 0xA;

    /** RFC 6455 §5.5: control frames carry at most 125 bytes. */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** 2 bytes + 8 bytes of extended length + 4 bytes of masking key. */
    public static final int MAX_HEADER = 14;

    private WsProtocol() {
    }

    /** Whether the opcode is a control opcode (high bit set, RFC 6455 §5.5). */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** The header length of a frame with this payload length, with or without masking key. */
    public static int headerLength(long payloadLength, boolean masked) {
        int n = payloadLength < LENGTH_16 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? n + 4 : n;
    }
}
