package dev.wscodec.api.spi;

import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Opcode;
import java.nio.ByteBuffer;

/**
 * A negotiated extension on one connection: claims RSV bits and transforms the payload of data messages in and
 * out. The engine keeps the framing rules; the extension sees payloads only. Not thread-safe, like the engine.
 */
public interface WsExtension {

    /** The accepted parameters, as the server's {@code Sec-WebSocket-Extensions} answer puts them. */
    ExtensionParams params();

    /** The RSV bits this extension may set, as bits of the first header byte (RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10). */
    int rsvMask();

    /**
     * Inbound: a data message starts with a frame whose RSV bits (masked with {@link #rsvMask()}) are {@code rsv}.
     * Returns whether this extension decodes the message's payload (e.g. RSV1 set for a compressed message).
     */
    boolean beginInbound(int rsv);

    /**
     * Inbound: decodes the payload of one frame of a message for which {@link #beginInbound} returned true, writing
     * the result to {@code out}. {@code fin} marks the message's last frame.
     *
     * @throws dev.wscodec.api.WsProtocolException for corrupt data, or as thrown by {@code out}
     */
    void decode(ByteBuffer payload, boolean fin, PayloadSink out);

    /**
     * Outbound: encodes the payload of a whole message or of one chunk of a streamed message ({@code first},
     * {@code fin}). Returns the RSV bits for the message's first frame and writes the transformed payload to
     * {@code out}, or returns {@code -1}, writing nothing, to send the message unchanged. The choice made for the
     * first chunk holds for the whole message.
     */
    int encode(Opcode opcode, ByteBuffer payload, boolean first, boolean fin, PayloadSink out);

    /** Frees native resources. Idempotent; called by the engine's {@code release()}. */
    void release();
}
