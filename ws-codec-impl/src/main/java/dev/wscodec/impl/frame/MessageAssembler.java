package dev.wscodec.impl.frame;

import dev.wscodec.api.Opcode;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsExtension;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;

/**
 * The message layer above {@link FrameDecoder}: turns the payload of data frames into message events, validating
 * text as UTF-8 as the bytes arrive (RFC 6455 §8.1) and enforcing the message limit. Per message it routes the
 * payload one of two ways: straight to the receive mode's {@link MessageOutput} ({@link WholeMessages} or
 * {@link StreamedMessages}), the limit then counting wire bytes from each frame's header
 * ({@link Violation#MESSAGE_TOO_BIG}); or, when an extension decodes the message (see {@link ExtensionChain}),
 * through the extensions first, the limit then counting decoded bytes as they come out
 * ({@link Violation#DECODED_MESSAGE_TOO_BIG}, which stops a decompression bomb at the limit).
 */
public final class MessageAssembler {

    /**
     * Streaming mode: the most compressed bytes decoded per chunk step, so that one step inflates to at most about
     * 1 MiB (DEFLATE expands at most 1032 times) before the caller is asked whether it wants more.
     */
    static final int STREAMED_DECODE_PIECE = 1024;

    private final long maxMessage;
    private final boolean streaming;
    private final TextCheck text = new TextCheck();
    private final MessageOutput output;
    /** {@code null} without extensions (most connections): nothing per connection for them. */
    private final ExtensionChain extensions;

    private boolean decoding;
    private boolean fin;
    private long total;
    private Consumer<? super WsEvent> events;

    public MessageAssembler(boolean streaming, long maxMessageSize, List<WsExtension> negotiated) {
        this.maxMessage = maxMessageSize;
        this.streaming = streaming;
        this.output = streaming ? new StreamedMessages(text) : new WholeMessages(maxMessageSize, text);
        this.extensions = negotiated.isEmpty() ? null : new ExtensionChain(negotiated, this::decoded);
    }

    /** Whether messages are delivered as chunks ({@link StreamedMessages}). */
    public boolean streaming() {
        return streaming;
    }

    /**
     * The most payload bytes of the current frame to hand to {@link #payload} at once in streaming mode: any
     * number when they are the message's own bytes, {@link #STREAMED_DECODE_PIECE} when an extension decodes them.
     */
    public int pieceLimit() {
        return decoding ? STREAMED_DECODE_PIECE : Integer.MAX_VALUE;
    }

    /** A data message starts (opcode TEXT or BINARY, RSV bits of its first frame, already checked). */
    public void begin(int op, int rsv) {
        Opcode opcode = op == WsProtocol.OP_TEXT ? Opcode.TEXT : Opcode.BINARY;
        total = 0;
        text.begin(opcode == Opcode.TEXT);
        output.begin(opcode);
        decoding = extensions != null && extensions.begin(rsv);
    }

    /** A frame of the current message with this payload length starts (its header passed the framing rules). */
    public void frame(long length, boolean last) {
        fin = last;
        if (decoding) {
            return; // the limit counts decoded bytes, as they come out
        }
        if (total + length > maxMessage) {
            throw new WsProtocolException(Violation.MESSAGE_TOO_BIG, "The message grows to " + (total + length)
                    + " bytes with this frame, more than the limit of " + maxMessage + " bytes.");
        }
        total += length;
        output.frame(length, last);
    }

    /**
     * {@code n} payload bytes of the current frame are at {@code in}'s position; consumes them.
     *
     * @param frameOffset the position of these bytes within the frame's payload (for the masking key's phase)
     * @param frameEnd    whether they end the frame
     */
    public void payload(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean frameEnd,
                        Consumer<? super WsEvent> sink) {
        boolean last = frameEnd && fin;
        if (!decoding) {
            output.raw(in, n, masked, key, frameOffset, last, sink);
            return;
        }
        events = sink;
        try {
            extensions.decode(in, n, masked, key, frameOffset, last);
            if (last) {
                text.finish();
                output.endDecoded(sink);
            }
        } finally {
            events = null; // an idle engine keeps no reference to the caller's sink (nor what it holds)
        }
    }

    /** The end of the extension chain: decoded message bytes. */
    private void decoded(ByteBuffer data) {
        int r = data.remaining();
        if (r == 0) {
            return;
        }
        if (total + r > maxMessage) {
            throw new WsProtocolException(Violation.DECODED_MESSAGE_TOO_BIG,
                    "The decoded message is larger than the limit of " + maxMessage + " bytes.");
        }
        total += r;
        output.decoded(data, events);
    }
}
