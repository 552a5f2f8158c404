package dev.wscodec.impl.frame;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.Ping;
import dev.wscodec.api.Pong;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes what the application sends: whole messages (through the negotiated extensions, then cut into frames of
 * {@code fragmentSize} if set), chunks of a streamed message (one frame each, in order), and control frames.
 * Checks the order of chunks; a rejected call changes nothing.
 */
public final class OutboundEncoder {

    private final FrameEncoder frames;
    private final WsExtension[] extensions;
    private final int fragmentSize;
    private final Collector collector;

    /** The opcode of the streamed message being sent, or {@code null} between messages. */
    private Opcode streamOpcode;
    private int rsvOut;

    public OutboundEncoder(FrameEncoder frames, List<WsExtension> extensions, int fragmentSize) {
        this.frames = frames;
        this.extensions = extensions.toArray(new WsExtension[0]);
        this.collector = extensions.isEmpty() ? null : new Collector();
        this.fragmentSize = fragmentSize;
    }

    /** Encodes a message, chunk, ping, pong or close. */
    public ByteBuffer encode(Outbound frame) {
        if (frame instanceof Message m) {
            return message(m);
        }
        if (frame instanceof MessageChunk c) {
            return chunk(c);
        }
        if (frame instanceof Ping p) {
            return frames.control(WsProtocol.OP_PING, p.data());
        }
        if (frame instanceof Pong p) {
            return frames.control(WsProtocol.OP_PONG, p.data());
        }
        return close(((Close) frame).status());
    }

    /** A close frame for {@code status} (RFC 6455 §5.5.1). */
    public ByteBuffer close(CloseStatus status) {
        return frames.control(WsProtocol.OP_CLOSE, ByteBuffer.wrap(CloseFrames.encode(status)));
    }

    /** A control frame with a payload of at most 125 bytes. */
    public ByteBuffer control(int opcode, byte[] payload) {
        return frames.control(opcode, ByteBuffer.wrap(payload));
    }

    /**
     * A message of at least {@code minLength} bytes that goes out as one frame untransformed, as two buffers
     * {@code [header, payload]}: unmasked (server), the payload is a read-only view of the message's own bytes, not
     * copied; masked (client), a masked copy made without zero-filling. {@code null} for anything else, which
     * {@link #encode} writes as one buffer.
     */
    public ByteBuffer[] parts(Message m, int minLength) {
        checkNoStream();
        int len = m.length();
        if (len < minLength || extensions.length != 0 || (fragmentSize > 0 && len > fragmentSize)) {
            return null;
        }
        int b0 = WsProtocol.FIN | m.opcode().code();
        if (!frames.masks()) {
            return new ByteBuffer[] {frames.header(b0, len), m.payload()};
        }
        byte[] copy = m instanceof BinaryMessage b ? b.toByteArray() : ((TextMessage) m).toByteArray();
        ByteBuffer header = frames.maskedHeader(b0, copy);
        return new ByteBuffer[] {header, ByteBuffer.wrap(copy)};
    }

    /** Refuses a whole message while a streamed one is being sent. */
    public void checkNoStream() {
        if (streamOpcode != null) {
            throw new WsUsageException("A streamed " + streamOpcode + " message is still being sent: send its "
                    + "remaining chunks (the last one with last=true) before another message.");
        }
    }

    private ByteBuffer message(Message m) {
        checkNoStream();
        ByteBuffer payload = transform(m.opcode(), m.payload(), true, true);
        return frames.fragments(m.opcode().code(), rsvOut, payload, fragmentSize, true);
    }

    private ByteBuffer chunk(MessageChunk c) {
        if (c.first() && streamOpcode != null) {
            throw new WsUsageException("A first chunk arrived while the streamed " + streamOpcode
                    + " message was not finished; end it with a chunk that has last=true first.");
        }
        if (!c.first()) {
            if (streamOpcode == null) {
                throw new WsUsageException("A chunk with first=false arrived, but no streamed message was started; "
                        + "send a chunk with first=true first.");
            }
            if (c.opcode() != streamOpcode) {
                throw new WsUsageException("A " + c.opcode() + " chunk arrived while a streamed " + streamOpcode
                        + " message is being sent; all chunks of a message have its opcode.");
            }
        }
        ByteBuffer payload = transform(c.opcode(), c.data(), c.first(), c.last());
        // RFC 6455 §5.4: the first frame carries the opcode, the others are continuations; FIN on the last.
        int b0 = (c.first() ? rsvOut | c.opcode().code() : WsProtocol.OP_CONTINUATION) | (c.last() ? WsProtocol.FIN : 0);
        ByteBuffer out = frames.frame(b0, payload);
        streamOpcode = c.last() ? null : c.opcode();
        return out;
    }

    /** Runs the payload through the extensions in negotiation order; sets {@link #rsvOut}. */
    private ByteBuffer transform(Opcode opcode, ByteBuffer payload, boolean first, boolean fin) {
        rsvOut = 0;
        for (WsExtension e : extensions) {
            int rsv = e.encode(opcode, payload, first, fin, collector);
            if (rsv >= 0) {
                rsvOut |= rsv;
                payload = collector.take();
            } else {
                collector.take();
            }
        }
        return payload;
    }

    /** Collects what an extension writes into one array. */
    private static final class Collector implements PayloadSink {
        private byte[] a = new byte[0];
        private int n;

        @Override
        public void write(ByteBuffer data) {
            int r = data.remaining();
            if (n + r > a.length) {
                a = Arrays.copyOf(a, Math.max(n + r, Math.max(256, a.length * 2)));
            }
            data.get(a, n, r);
            n += r;
        }

        ByteBuffer take() {
            ByteBuffer b = ByteBuffer.wrap(a, 0, n);
            a = new byte[0];
            n = 0;
            return b;
        }
    }
}
