package dev.wscodec.impl.frame;

import dev.wscodec.api.Opcode;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Decodes frames (RFC 6455 §5) from any split of the input, enforcing the framing rules from the header before
 * any payload is buffered. Works on the caller's buffer in bulk; a header split across reads is parsed byte by
 * byte into fields, so no scratch buffer is kept. Data payloads go to a {@link MessageAssembler} (which keeps the
 * message rules: the message limit, UTF-8, extensions), control frames to a {@link ControlFrames} handler.
 */
public final class FrameDecoder {

    /** Receives complete control frames (payload unmasked, at most 125 bytes). */
    public interface ControlFrames {
        /** Returns whether decoding goes on; {@code false} (after a close) ignores the rest of the input. */
        boolean onControl(int opcode, byte[] payload, Consumer<? super WsEvent> events);
    }

    private enum State { HEADER, PAYLOAD }

    private final boolean expectMasked;
    private final long maxFrame;
    private final int extensionRsv;
    private final int compressedRsv;
    private final MessageAssembler messages;
    private final ControlFrames control;

    /** A header split across reads: bytes seen, its size once known, its first byte, its extended length so far. */
    private int headLen;
    private int headSize;
    private int headFirst;
    private long headLength;

    private State state = State.HEADER;
    private int opcode;
    private boolean fin;
    private int rsv;
    private boolean masked;
    private int len7;
    private int key;
    private long length;
    private long done;
    private byte[] controlPayload;

    private boolean inMessage;

    /**
     * @param expectMasked  whether frames must be masked (a server decoding a client's frames)
     * @param extensionRsv  the RSV bits the negotiated extensions claim on data frames
     * @param compressedRsv the "Per-Message Compressed" bits of the negotiated per-message compression extensions
     *                      (see {@link PerMessageCompression}); one on a control frame is
     *                      {@link Violation#COMPRESSED_CONTROL}
     */
    public FrameDecoder(boolean expectMasked, long maxFrameSize, int extensionRsv, int compressedRsv,
                        MessageAssembler messages, ControlFrames control) {
        this.expectMasked = expectMasked;
        this.maxFrame = maxFrameSize;
        this.extensionRsv = extensionRsv;
        this.compressedRsv = compressedRsv;
        this.messages = messages;
        this.control = control;
    }

    /** Decodes all of {@code in}; see {@link #decode(ByteBuffer, Consumer, BooleanSupplier)}. */
    public boolean decode(ByteBuffer in, Consumer<? super WsEvent> events) {
        return decode(in, events, () -> true);
    }

    /**
     * Decodes {@code in}, reporting events to {@code events}, while {@code more} says so: it is asked before each
     * frame (and, when messages are streamed, before each piece of a data frame), and when it answers {@code false}
     * the bytes from that point on are left in {@code in}.
     *
     * @return {@code false} if the control handler stopped decoding (the rest of {@code in} is left unread)
     * @throws WsProtocolException at the first broken rule
     */
    public boolean decode(ByteBuffer in, Consumer<? super WsEvent> events, BooleanSupplier more) {
        while (true) {
            switch (state) {
                case HEADER:
                    if (headLen == 0 && in.hasRemaining() && !more.getAsBoolean()) {
                        return true;
                    }
                    if (!readHeader(in)) {
                        return true;
                    }
                    startFrame();
                    state = State.PAYLOAD;
                    break;
                case PAYLOAD:
                    long left = length - done;
                    int n = (int) Math.min(left, in.remaining());
                    if (n == 0 && left > 0) {
                        return true;
                    }
                    boolean end = n == left;
                    if (controlPayload != null) {
                        in.get(controlPayload, (int) done, n);
                        done += n;
                        if (end) {
                            state = State.HEADER;
                            byte[] p = controlPayload;
                            controlPayload = null;
                            if (masked) {
                                Masking.mask(p, 0, p.length, key, 0);
                            }
                            if (!control.onControl(opcode, p, events)) {
                                return false;
                            }
                        }
                    } else {
                        if (messages.streaming()) {
                            // Streamed messages: each piece becomes a chunk, so ask before each one, and cut a
                            // compressed piece small enough that what it inflates to stays small too.
                            if (n > 0 && !more.getAsBoolean()) {
                                return true;
                            }
                            if (n > messages.pieceLimit()) {
                                n = messages.pieceLimit();
                                end = false;
                            }
                        }
                        messages.payload(in, n, masked, key, done, end, events);
                        done += n;
                        if (end) {
                            state = State.HEADER;
                            if (fin) {
                                inMessage = false;
                            }
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** Whether a header is complete; consumes its bytes (or keeps a split one in the scratch array). */
    private boolean readHeader(ByteBuffer in) {
        if (headLen == 0) {
            int r = in.remaining();
            if (r >= 2) {
                int p = in.position();
                int size = checkFirstTwo(in.get(p), in.get(p + 1));
                if (r >= size) {
                    parseRest(in, p);
                    in.position(p + size);
                    return true;
                }
                headSize = size;
            }
        }
        while (headSize == 0 || headLen < headSize) {
            if (!in.hasRemaining()) {
                return false;
            }
            int b = in.get() & 0xFF;
            if (headLen == 0) {
                headFirst = b;
            } else if (headLen == 1) {
                headSize = checkFirstTwo((byte) headFirst, (byte) b);
                headLength = len7;
                key = 0;
            } else if (headLen < headSize - (masked ? 4 : 0)) {
                headLength = headLen == 2 ? b : headLength << 8 | b; // the extended length, big-endian
            } else {
                key = key << 8 | b; // the masking key, its first byte most significant
            }
            headLen++;
        }
        setLength(headLength);
        headLen = 0;
        headSize = 0;
        return true;
    }

    /** Checks what the first two bytes decide and returns the header length. */
    private int checkFirstTwo(byte b0, byte b1) {
        fin = (b0 & WsProtocol.FIN) != 0;
        rsv = b0 & WsProtocol.RSV_BITS;
        opcode = b0 & WsProtocol.OPCODE_BITS;
        masked = (b1 & WsProtocol.MASK) != 0;
        len7 = b1 & WsProtocol.LENGTH_BITS;
        if (Opcode.of(opcode) == null) {
            // RFC 6455 §5.2: reserved opcodes MUST fail the connection when received.
            throw violation(Violation.RESERVED_OPCODE, "The frame has the reserved opcode 0x"
                    + Integer.toHexString(opcode) + " (RFC 6455 section 5.2).");
        }
        if (WsProtocol.isControl(opcode)) {
            if (rsv != 0) {
                // RFC 7692 §6.1: a per-message compression extension never compresses control frames.
                if ((rsv & compressedRsv) != 0) {
                    throw violation(Violation.COMPRESSED_CONTROL,
                            "A control frame has RSV1 set, but control frames are never compressed (RFC 7692 section 6.1).");
                }
                throw reservedBits("a control frame");
            }
            // RFC 6455 §5.5: control frames MUST NOT be fragmented and carry at most 125 bytes.
            if (!fin) {
                throw violation(Violation.FRAGMENTED_CONTROL,
                        "A control frame has FIN clear, but control frames must not be fragmented (RFC 6455 section 5.5).");
            }
            if (len7 > WsProtocol.MAX_CONTROL_PAYLOAD) {
                throw violation(Violation.CONTROL_TOO_LONG,
                        "A control frame announces more than 125 bytes of payload (RFC 6455 section 5.5).");
            }
        } else if (opcode == WsProtocol.OP_CONTINUATION) {
            // RFC 6455 §5.4: a continuation frame continues a fragmented message.
            if (!inMessage) {
                throw violation(Violation.UNEXPECTED_CONTINUATION,
                        "A continuation frame arrived, but no fragmented message was started (RFC 6455 section 5.4).");
            }
            if (rsv != 0) {
                throw reservedBits("a continuation frame");
            }
        } else {
            if (inMessage) {
                throw violation(Violation.EXPECTED_CONTINUATION, "A new data frame arrived before the fragmented "
                        + "message was finished; a continuation frame was expected (RFC 6455 section 5.4).");
            }
            if ((rsv & ~extensionRsv) != 0) {
                throw reservedBits("a data frame");
            }
        }
        // RFC 6455 §5.1: a client masks all frames it sends; a server masks none.
        if (masked != expectMasked) {
            throw expectMasked
                    ? violation(Violation.UNMASKED_CLIENT_FRAME, "The client sent an unmasked frame, but a client "
                    + "must mask every frame (RFC 6455 section 5.1).")
                    : violation(Violation.MASKED_SERVER_FRAME, "The server sent a masked frame, but a server must "
                    + "not mask frames (RFC 6455 section 5.1).");
        }
        int size = len7 < WsProtocol.LENGTH_16 ? 2 : len7 == WsProtocol.LENGTH_16 ? 4 : 10;
        return masked ? size + 4 : size;
    }

    /** Reads the extended length and masking key; {@code b} holds the header at {@code p}. */
    private void parseRest(ByteBuffer b, int p) {
        int at = p + 2;
        long raw = len7;
        if (len7 == WsProtocol.LENGTH_16) {
            raw = (b.get(at) & 0xFF) << 8 | (b.get(at + 1) & 0xFF);
            at += 2;
        } else if (len7 == WsProtocol.LENGTH_64) {
            raw = 0;
            for (int i = 0; i < 8; i++) {
                raw = raw << 8 | (b.get(at + i) & 0xFF);
            }
            at += 8;
        }
        setLength(raw);
        if (masked) {
            key = (b.get(at) & 0xFF) << 24 | (b.get(at + 1) & 0xFF) << 16 | (b.get(at + 2) & 0xFF) << 8
                    | (b.get(at + 3) & 0xFF);
        }
    }

    /** The payload length from the 7-bit length or the extended length {@code raw} that followed it. */
    private void setLength(long raw) {
        length = raw;
        if (len7 == WsProtocol.LENGTH_16) {
            // RFC 6455 §5.2: the minimal number of bytes MUST be used to encode the length.
            if (raw < WsProtocol.LENGTH_16) {
                throw nonMinimal();
            }
        } else if (len7 == WsProtocol.LENGTH_64) {
            // RFC 6455 §5.2: the most significant bit of a 64-bit length MUST be 0.
            if (raw < 0) {
                throw violation(Violation.LENGTH_TOP_BIT, "The 64-bit payload length has its most significant "
                        + "bit set (RFC 6455 section 5.2).");
            }
            if (raw <= 0xFFFF) {
                throw nonMinimal();
            }
        }
    }

    /** The header is complete and passed the per-byte rules: check the frame limit and set up the payload. */
    private void startFrame() {
        done = 0;
        if (length > maxFrame) {
            throw violation(Violation.FRAME_TOO_BIG, "The frame announces " + length
                    + " bytes of payload, more than the limit of " + maxFrame + " bytes.");
        }
        if (WsProtocol.isControl(opcode)) {
            controlPayload = new byte[(int) length];
            return;
        }
        if (opcode != WsProtocol.OP_CONTINUATION) {
            inMessage = true;
            messages.begin(opcode, rsv);
        }
        messages.frame(length, fin);
    }

    private WsProtocolException nonMinimal() {
        return violation(Violation.NON_MINIMAL_LENGTH, "The payload length " + length + " is not encoded in the "
                + "minimal number of bytes (RFC 6455 section 5.2).");
    }

    private WsProtocolException reservedBits(String what) {
        return violation(Violation.RESERVED_BITS, "The RSV bits of " + what + " are set without a negotiated "
                + "extension that defines them (RFC 6455 section 5.2).");
    }

    private static WsProtocolException violation(Violation v, String message) {
        return new WsProtocolException(v, message);
    }
}
