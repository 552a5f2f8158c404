package dev.wscodec.impl.deflate;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.impl.frame.PerMessageCompression;
import java.nio.ByteBuffer;

/**
 * permessage-deflate on one connection (RFC 7692 §6-7), created by {@link PerMessageDeflateFactory}. Inflates
 * messages whose first frame has RSV1 set and compresses outgoing data messages. Holds a deflater or inflater
 * between messages only where the negotiated context takeover requires it. Not thread-safe, like the engine.
 */
final class PerMessageDeflate implements WsExtension, PerMessageCompression {

    /** RFC 7692 §6: the "Per-Message Compressed" bit is RSV1. */
    static final int RSV1 = 0x40;

    private final ExtensionParams params;
    private final int minSizeToCompress;
    private final MessageInflater inflater;
    /** {@code null} when this side may only use a window below 15 bits: it then sends everything uncompressed. */
    private final MessageDeflater deflater;
    /** This side compresses every message with a fresh context (RFC 7692 §7.1.1). */
    private final boolean ownNoContextTakeover;

    /** The outgoing message in progress is compressed (valid between its first and last chunk). */
    private boolean compressing;
    private boolean released;

    PerMessageDeflate(Negotiated negotiated, DeflateConfig config) {
        this.params = negotiated.response();
        this.minSizeToCompress = config.minSizeToCompress();
        this.inflater = new MessageInflater(negotiated.peerNoContextTakeover());
        // java.util.zip always compresses with a 15-bit window. RFC 7692 §6 lets an endpoint send any message
        // uncompressed, so with a smaller negotiated window this side never compresses.
        this.deflater = negotiated.ownWindowBits() < DeflateConfig.MAX_WINDOW_BITS ? null
                : new MessageDeflater(config.level(), negotiated.ownNoContextTakeover());
        this.ownNoContextTakeover = negotiated.ownNoContextTakeover();
    }

    @Override
    public int compressedBit() {
        return RSV1;
    }

    @Override
    public ExtensionParams params() {
        return params;
    }

    @Override
    public int rsvMask() {
        return RSV1;
    }

    @Override
    public boolean beginInbound(int rsv) {
        // RFC 7692 §6.1: RSV1 on the first frame marks a compressed message.
        return (rsv & RSV1) != 0;
    }

    @Override
    public void decode(ByteBuffer payload, boolean fin, PayloadSink out) {
        checkLive();
        inflater.decode(payload, fin, out);
    }

    @Override
    public int encode(Opcode opcode, ByteBuffer payload, boolean first, boolean fin, PayloadSink out) {
        checkLive();
        if (first) {
            // RFC 7692 §6.1: control frames are never compressed. Whole messages below the threshold are sent as
            // they are; a streamed message's size is unknown, so it is compressed.
            compressing = deflater != null && !opcode.isControl()
                    && !(fin && payload.remaining() < minSizeToCompress);
        }
        if (!compressing) {
            return -1;
        }
        if (fin) {
            compressing = false;
        }
        deflater.write(payload, fin, out);
        return RSV1;
    }

    @Override
    public void release() {
        released = true;
        inflater.release();
        if (deflater != null) {
            deflater.release();
        }
    }

    private void checkLive() {
        if (released) {
            throw new WsUsageException("The permessage-deflate extension was released with its connection.");
        }
    }

    /** Whether this side compresses at all (false when the negotiated window is below 15 bits). */
    boolean compresses() {
        return deflater != null;
    }

    /**
     * Whether a message compressed on its own with a fresh context and a 15-bit window may be sent as it is: this
     * side compresses at all and uses no context between messages (RFC 7692 §7.1.1.1), so the peer's inflater
     * expects nothing of earlier messages.
     */
    boolean takesIndependentMessages() {
        return deflater != null && ownNoContextTakeover;
    }

    /** Whether a deflater or inflater is held between messages right now. */
    boolean holdsNativeMemory() {
        return inflater.holdsInflater() || (deflater != null && deflater.holdsDeflater());
    }
}
