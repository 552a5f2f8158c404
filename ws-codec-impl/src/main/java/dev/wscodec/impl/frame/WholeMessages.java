package dev.wscodec.impl.frame;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.ValidatedText;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Whole mode: one {@link TextMessage}/{@link BinaryMessage} per message. Copies the wire bytes once, unmasking
 * during the copy, into the array the message wraps, and hands that array out (never shared, never reused). A
 * single-frame message (FIN set on its first frame) gets an array of its exact size at once: when the whole frame
 * is already readable it is allocated and filled in one step ({@link Arrays#copyOfRange}, which spares the JIT
 * zeroing it) and unmasked in place; when it arrives in pieces, an array of the size its header announces is
 * allocated at the first piece (up to 64 KiB; beyond that it doubles from 64 KiB to the exact size, so that a
 * header alone never makes the engine reserve more than 64 KiB). A fragmented message grows its array
 * geometrically, bounded by the message limit, and takes its exact size when the last frame's header tells it.
 * Decoded bytes (an extension's output) grow the array geometrically from 256 bytes.
 */
final class WholeMessages implements MessageOutput {

    /** The first allocation for a message whose payload has not arrived yet: 64 KiB at most. */
    private static final int INITIAL = 64 * 1024;

    private final long maxMessage;
    private final TextCheck text;
    private boolean isText;
    private boolean fin;
    private byte[] buf;
    private int size;
    private int frameEnd;

    WholeMessages(long maxMessageSize, TextCheck text) {
        this.maxMessage = maxMessageSize;
        this.text = text;
    }

    @Override
    public void begin(Opcode opcode) {
        isText = opcode == Opcode.TEXT;
        buf = null;
        size = 0;
    }

    @Override
    public void frame(long length, boolean last) {
        fin = last;
        frameEnd = size + (int) length;
        if (fin && buf != null && buf.length > frameEnd) {
            buf = Arrays.copyOf(buf, frameEnd); // the last frame: from here on the array has the message's exact size
        }
    }

    @Override
    public void raw(ByteBuffer in, int n, boolean masked, int key, long frameOffset, boolean last,
                    Consumer<? super WsEvent> events) {
        copyIn(in, n, masked, key, frameOffset);
        text.check(buf, size, n, last);
        size += n;
        if (last) {
            emit(events);
        }
    }

    @Override
    public void decoded(ByteBuffer data, Consumer<? super WsEvent> events) {
        int r = data.remaining();
        if (buf == null || size + r > buf.length) {
            long cap = Math.min(maxMessage, Math.max(size + (long) r, buf == null ? 256 : 2L * buf.length));
            buf = buf == null ? new byte[(int) cap] : Arrays.copyOf(buf, (int) cap);
        }
        data.get(buf, size, r);
        text.check(buf, size, r, false);
        size += r;
    }

    @Override
    public void endDecoded(Consumer<? super WsEvent> events) {
        if (buf != null && size != buf.length) {
            buf = Arrays.copyOf(buf, size);
        }
        emit(events);
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

    private void emit(Consumer<? super WsEvent> events) {
        byte[] m = buf == null ? new byte[0] : buf;
        buf = null;
        size = 0;
        events.accept(isText ? ValidatedText.wrap(m) : BinaryMessage.wrap(m));
    }
}
