package dev.wscodec.hixie;

import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.spi.ValidatedText;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads the frames of draft-hixie-76 section 5.3 (the same in draft-hixie-75 section 4.2), in any split:
 * <ul>
 *   <li>a type byte with the high bit clear starts a frame ended by {@code 0xFF}; type {@code 0x00} is a text
 *       message in UTF-8, any other type is read and discarded;</li>
 *   <li>a type byte with the high bit set is followed by a length (base 128, high bit = more) and that many bytes,
 *       read and discarded; type {@code 0xFF} with length 0 is the closing handshake.</li>
 * </ul>
 * Limits: a text frame may not grow past {@code maxMessageSize} nor {@code maxFrameSize} while its {@code 0xFF} is
 * not in sight, a discarded frame not past {@code maxFrameSize}; invalid UTF-8 fails at the first bad byte.
 */
final class FrameReader {

    /** Where the reader is within a frame. */
    enum State {
        /** Waiting for a frame type byte. */
        TYPE,
        /** Inside a text frame (type 0x00), up to its 0xFF. */
        TEXT,
        /** Inside a frame of another sentinel type, discarded up to its 0xFF. */
        SKIP_TO_END,
        /** Reading the length of a length-prefixed frame. */
        LENGTH,
        /** Discarding the bytes of a length-prefixed frame. */
        SKIP_LENGTH,
        /** The closing frame {@code 0xFF 0x00} was read; nothing more is read. */
        CLOSED
    }

    /** A length of more bytes than this cannot be under any frame limit (9 x 7 = 63 bits). */
    private static final int MAX_LENGTH_BYTES = 9;

    private final long maxFrameSize;
    private final long maxMessageSize;
    private final boolean streaming;
    private final Utf8Check utf8 = new Utf8Check();
    private State state = State.TYPE;
    private int type;
    private long length;
    private int lengthBytes;
    private long count;
    private byte[] text;
    private int textSize;
    private boolean chunkSent;

    FrameReader(long maxFrameSize, long maxMessageSize, boolean streaming) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.streaming = streaming;
    }

    /**
     * Reads frames from {@code in}, reporting text messages (or chunks, when streaming) to {@code events}. Returns
     * true when the closing frame was read, with {@code in} just after it; false when all of {@code in} was read.
     *
     * @throws WsProtocolException when a limit is passed or text is not UTF-8
     */
    boolean read(ByteBuffer in, Consumer<? super WsEvent> events) {
        while (in.hasRemaining()) {
            switch (state) {
                case TYPE -> startFrame(in.get() & 0xFF);
                case TEXT -> readText(in, events);
                case SKIP_TO_END -> skipToEnd(in);
                case LENGTH -> readLength(in.get() & 0xFF);
                case SKIP_LENGTH -> skipLength(in);
                default -> {
                    return true;
                }
            }
            if (state == State.CLOSED) {
                return true;
            }
        }
        return false;
    }

    private void startFrame(int b) {
        type = b;
        count = 0;
        if ((b & 0x80) != 0) {
            length = 0;
            lengthBytes = 0;
            state = State.LENGTH;
        } else if (b == 0x00) {
            utf8.reset();
            textSize = 0;
            chunkSent = false;
            state = State.TEXT;
        } else {
            state = State.SKIP_TO_END;
        }
    }

    private void readText(ByteBuffer in, Consumer<? super WsEvent> events) {
        int start = in.position();
        while (in.hasRemaining()) {
            int b = in.get() & 0xFF;
            if (b == 0xFF) {
                append(in, start, in.position() - 1);
                if (!utf8.complete()) {
                    throw invalidUtf8();
                }
                deliver(events, true);
                state = State.TYPE;
                return;
            }
            if (++count > maxMessageSize) {
                throw new WsProtocolException(Violation.MESSAGE_TOO_BIG, "A text message is larger than the limit of "
                        + maxMessageSize + " bytes (WsConfig.maxMessageSize) and its end byte 0xFF is not in sight.");
            }
            if (count > maxFrameSize) {
                throw new WsProtocolException(Violation.FRAME_TOO_BIG, "A text frame is larger than the limit of "
                        + maxFrameSize + " bytes (WsConfig.maxFrameSize) and its end byte 0xFF is not in sight.");
            }
            if (!utf8.next(b)) {
                throw invalidUtf8();
            }
        }
        append(in, start, in.position());
        if (streaming && textSize > 0) {
            deliver(events, false);
        }
    }

    private void append(ByteBuffer in, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        if (text == null || textSize + n > text.length) {
            long grown = Math.max(256, (text == null ? 0 : text.length) * 2L);
            int capacity = (int) Math.max(textSize + n, Math.min(grown, Math.min(maxMessageSize, Integer.MAX_VALUE - 8)));
            text = text == null ? new byte[capacity] : Arrays.copyOf(text, capacity);
        }
        in.get(from, text, textSize, n);
        textSize += n;
    }

    private void deliver(Consumer<? super WsEvent> events, boolean last) {
        byte[] bytes = Arrays.copyOf(text == null ? new byte[0] : text, textSize);
        textSize = 0;
        if (streaming) {
            boolean first = !chunkSent;
            chunkSent = true;
            events.accept(new MessageChunk(Opcode.TEXT, ByteBuffer.wrap(bytes), first, last));
        } else {
            events.accept(ValidatedText.wrap(bytes));
        }
        if (last && text != null && text.length > 4096) {
            text = null; // an idle connection keeps no large buffer
        }
    }

    private void skipToEnd(ByteBuffer in) {
        while (in.hasRemaining()) {
            if ((in.get() & 0xFF) == 0xFF) {
                state = State.TYPE;
                return;
            }
            if (++count > maxFrameSize) {
                throw new WsProtocolException(Violation.FRAME_TOO_BIG, "A frame of type 0x" + Integer.toHexString(type)
                        + " is larger than the limit of " + maxFrameSize + " bytes (WsConfig.maxFrameSize) and its "
                        + "end byte 0xFF is not in sight.");
            }
        }
    }

    private void readLength(int b) {
        if (++lengthBytes > MAX_LENGTH_BYTES) {
            throw new WsProtocolException(Violation.FRAME_TOO_BIG, "The length of a length-prefixed frame takes more "
                    + "than " + MAX_LENGTH_BYTES + " bytes.");
        }
        length = length * 128 + (b & 0x7F);
        if (length > maxFrameSize) {
            throw new WsProtocolException(Violation.FRAME_TOO_BIG, "A length-prefixed frame of type 0x"
                    + Integer.toHexString(type) + " announces more than the limit of " + maxFrameSize
                    + " bytes (WsConfig.maxFrameSize).");
        }
        if ((b & 0x80) != 0) {
            return;
        }
        if (type == 0xFF && length == 0) {
            state = State.CLOSED; // draft-hixie-76 section 5.3: the closing handshake
        } else {
            state = length == 0 ? State.TYPE : State.SKIP_LENGTH;
        }
    }

    private void skipLength(ByteBuffer in) {
        int n = (int) Math.min(in.remaining(), length);
        in.position(in.position() + n);
        length -= n;
        if (length == 0) {
            state = State.TYPE;
        }
    }

    /** Whether a frame is partly read (the connection ending now would cut it). */
    boolean inFrame() {
        return state != State.TYPE && state != State.CLOSED;
    }

    private static WsProtocolException invalidUtf8() {
        return new WsProtocolException(Violation.INVALID_UTF8, "A text frame holds bytes that are not valid UTF-8 "
                + "(draft-hixie-76 section 5.3).");
    }
}
