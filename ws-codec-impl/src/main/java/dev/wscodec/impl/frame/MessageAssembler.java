package dev.wscodec.impl.frame;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the payload of data frames into {@link TextMessage}/{@link BinaryMessage} events (whole mode) or
 * {@link MessageChunk} events (streaming mode), validating text as UTF-8 as the bytes arrive (RFC 6455 §8.1).
 *
 * <p>Whole mode copies the wire bytes once, unmasking during the copy, into the array the message wraps, and
 * hands that array out (never shared, never reused). A single-frame message (FIN set on its first frame) gets an
 * array of its exact size at once: when the whole frame is already readable it is allocated and filled in one
 * step ({@link Arrays#copyOfRange}, which spares the JIT zeroing it) and unmasked in place; when it arrives in
 * pieces, an array of the size its header announces is allocated at the first piece (up to 64 KiB; beyond that it
 * doubles from 64 KiB to the exact size, so that a header alone never makes the engine reserve more than 64 KiB).
 * A fragmented message grows its array geometrically, bounded by the message limit, and takes its exact size
 * when the last frame's header tells it. Streaming mode emits one chunk per
 * frame piece that arrives (a frame split across reads gives several chunks; an empty frame gives an empty
 * chunk), so a frame never has to be held whole. A message that an extension decodes goes through
 * {@link WsExtension#decode} piece by piece; the message limit then counts decoded bytes.
 */
public final class MessageAssembler {

    /** The first allocation for a message whose payload has not arrived yet: 64 KiB at most. */
    private static final int INITIAL = 64 * 1024;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final WsExtension[] NO_EXTENSIONS = {};
    private static final boolean[] NONE_ACTIVE = {};
    private static final PayloadSink[] NO_CHAIN = {};

    private final boolean streaming;
    private final long maxMessage;
    private final WsExtension[] extensions;
    private final boolean[] active;
    private final PayloadSink[] chain;
    private final Utf8Validator utf8 = new Utf8Validator();

    private Opcode opcode;
    private boolean text;
    private boolean decoding;
    private boolean fin;
    private boolean first;
    private long total;
    private long textPos;
    private byte[] buf;
    private int size;
    private int frameEnd;
    private byte[] pending;
    private Consumer<? super WsEvent> events;

    public MessageAssembler(boolean streaming, long maxMessageSize, List<WsExtension> extensions) {
        this.streaming = streaming;
        this.maxMessage = maxMessageSize;
        // Without extensions (most connections) the engine shares empty arrays: nothing per connection.
        this.extensions = extensions.isEmpty() ? NO_EXTENSIONS : extensions.toArray(new WsExtension[0]);
        this.active = extensions.isEmpty() ? NONE_ACTIVE : new boolean[this.extensions.length];
        this.chain = extensions.isEmpty() ? NO_CHAIN : new PayloadSink[this.extensions.length];
        for (int i = 0; i < chain.length; i++) {
            int below = i - 1;
            chain[i] = data -> decodeFrom(below, data, false);
        }
    }

    /**
     * A data message starts (opcode TEXT or BINARY, RSV bits of its first frame, already checked).
     *
     * @return whether an extension decodes its payload (then the message limit applies to decoded bytes)
     */
    public boolean begin(int op, int rsv) {
        opcode = op == WsProtocol.OP_TEXT ? Opcode.TEXT : Opcode.BINARY;
        text = op == WsProtocol.OP_TEXT;
        first = true;
        total = 0;
        textPos = 0;
        size = 0;
        utf8.reset();
        decoding = false;
        for (int i = 0; i < extensions.length; i++) {
            int bits = rsv & extensions[i].rsvMask();
            active[i] = extensions[i].beginInbound(bits);
            decoding |= active[i];
        }
        return decoding;
    }

    /** A frame of the current message with this payload length starts; the limits were checked. */
    public void frame(long length, boolean fin) {
        this.fin = fin;
        if (streaming || decoding) {
            return;
        }
        frameEnd = size + (int) length;
        if (fin && buf != null && buf.length > frameEnd) {
            buf = Arrays.copyOf(buf, frameEnd); // the last frame: from here on the array has the message's exact size
        }
    }

    /**
     * Makes room for {@code need} bytes. Once the last frame's header told the message's final size, the array
     * grows straight to it when that is at most {@link #INITIAL} bytes more than {@code need}, else it doubles
     * (from {@link #INITIAL}) towards it: a header alone never makes the engine allocate more than
     * {@link #INITIAL} bytes. Before that (a fragmented message) it doubles, bounded by the message limit, starting
     * from twice the current frame's end (at most {@link #INITIAL}).
     */
    private void grow(int need) {
        int cap = buf == null ? 0 : buf.length;
        long want;
        if (fin) {
            want = frameEnd - (long) need <= INITIAL ? frameEnd
                    : Math.min(frameEnd, Math.max(need, Math.max(INITIAL, 2L * cap)));
        } else {
            want = Math.min(maxMessage, Math.max(need, Math.max(2L * cap, Math.min(INITIAL, 2L * frameEnd))));
        }
        buf = buf == null ? new byte[(int) want] : Arrays.copyOf(buf, (int) want);
    }

    /**
     * Copies {@code n} payload bytes from {@code in} into the message array, unmasking them; consumes them. A
     * single-frame message whose whole frame is readable is allocated and filled in one step, then unmasked in
     * place (measured faster than zeroing a new array and unmasking into it in one pass: 1 KiB frames ~1.35x);
     * other pieces are unmasked while copied into the array allocated for them.
     */
    private void copyIn(ByteBuffer in, int n, boolean masked, int key, long frameOffset) {
        int p = in.position();
        boolean array = in.hasArray();
        if (buf == null && fin && frameOffset == 0 && n == frameEnd && array) {
            int a = in.arrayOffset() + p;
            buf = Arrays.copyOfRange(in.array(), a, a + n);
            in.position(p + n);
            if (masked) {
                Masking.mask(buf, 0, n, key, 0);
            }
            return;
        }
        if (buf == null || size + n > buf.length) {
            grow(size + n);
        }
        if (masked && array) {
            Masking.maskCopy(in.array(), in.arrayOffset() + p, buf, size, n, key, frameOffset);
            in.position(p + n);
        } else {
            in.get(buf, size, n);
            if (masked) {
                Masking.mask(buf, size, n, key, frameOffset);
            }
        }
    }

    /**
     * {@code n} payload bytes of the current frame are at {@code in}'s position; consumes them.
     *
     * @param frameOffset the position of these bytes within the frame's payload (for the masking key's phase)
     * @param frameEnd    whether they end the frame
     */
    public void payload(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean frameEnd,
                        Consumer<? super WsEvent> sink) {
        events = sink;
        try {
            payload(in, n, masked, key, frameOffset, frameEnd && fin);
        } finally {
            events = null; // an idle engine keeps no reference to the caller's sink (nor what it holds)
        }
    }

    private void payload(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean last) {
        if (decoding) {
            extensionPayload(in, n, masked, key, frameOffset, last);
        } else if (streaming) {
            byte[] c = new byte[n];
            in.get(c);
            if (masked) {
                Masking.mask(c, 0, n, key, frameOffset);
            }
            checkText(c, 0, n, last);
            emitChunk(c, last);
        } else {
            copyIn(in, n, masked, key, frameOffset);
            checkText(buf, size, n, last);
            size += n;
            if (last) {
                emitWhole();
            }
        }
    }

    private void extensionPayload(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean last) {
        if (!masked) {
            int p = in.position();
            ByteBuffer piece = in.duplicate().limit(p + n);
            in.position(p + n);
            decodeFrom(extensions.length - 1, piece, last);
        } else {
            // Borrowed for this call only: no connection keeps an unmasking buffer between calls.
            byte[] scratch = Scratch.borrow(Scratch.UNMASK);
            try {
                int done = 0;
                do {
                    int k = Math.min(scratch.length, n - done);
                    in.get(scratch, 0, k);
                    Masking.mask(scratch, 0, k, key, frameOffset + done);
                    done += k;
                    decodeFrom(extensions.length - 1, ByteBuffer.wrap(scratch, 0, k), last && done == n);
                } while (done < n);
            } finally {
                Scratch.giveBack(Scratch.UNMASK, scratch);
            }
        }
        if (last) {
            if (text && !utf8.isComplete()) {
                throw truncatedText();
            }
            if (streaming) {
                emitChunk(pending == null ? new byte[0] : pending, true);
                pending = null;
            } else {
                if (buf == null) {
                    buf = new byte[0];
                } else if (size != buf.length) {
                    buf = Arrays.copyOf(buf, size);
                }
                emitWhole();
            }
        }
    }

    /** Runs {@code data} through the active extensions with index {@code <= i}, last applied first. */
    private void decodeFrom(int i, ByteBuffer data, boolean last) {
        while (i >= 0 && !active[i]) {
            i--;
        }
        if (i < 0) {
            decoded(data);
            return;
        }
        extensions[i].decode(data, last, chain[i]);
        if (last) {
            decodeFrom(i - 1, EMPTY, true); // the next extension down sees the end of the message too
        }
    }

    /** The sink at the end of the extension chain: decoded message bytes. */
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
        if (streaming) {
            byte[] c = new byte[r];
            data.get(c);
            checkText(c, 0, r, false);
            if (pending != null) {
                emitChunk(pending, false);
            }
            pending = c;
        } else {
            if (buf == null || size + r > buf.length) {
                long cap = Math.min(maxMessage, Math.max(size + (long) r, buf == null ? 256 : 2L * buf.length));
                buf = buf == null ? new byte[(int) cap] : Arrays.copyOf(buf, (int) cap);
            }
            data.get(buf, size, r);
            checkText(buf, size, r, false);
            size += r;
        }
    }

    private void checkText(byte[] a, int off, int n, boolean last) {
        if (!text) {
            return;
        }
        // RFC 6455 §8.1: fail the connection at the first byte that cannot be part of valid UTF-8.
        int bad = utf8.validate(a, off, n);
        if (bad >= 0) {
            throw new WsProtocolException(Violation.INVALID_UTF8, "The text message is not valid UTF-8 at byte "
                    + (textPos + bad - off) + " (RFC 6455 section 8.1).");
        }
        textPos += n;
        if (last && !utf8.isComplete()) {
            throw truncatedText();
        }
    }

    private WsProtocolException truncatedText() {
        return new WsProtocolException(Violation.INVALID_UTF8,
                "The text message ends in the middle of a UTF-8 character (RFC 6455 section 8.1).");
    }

    private void emitChunk(byte[] c, boolean last) {
        MessageChunk chunk = new MessageChunk(opcode, ByteBuffer.wrap(c), first, last);
        first = false;
        events.accept(chunk);
    }

    private void emitWhole() {
        byte[] m = buf == null ? new byte[0] : buf;
        buf = null;
        size = 0;
        events.accept(text ? TextMessage.wrapValidUtf8(m) : BinaryMessage.wrap(m));
    }
}
