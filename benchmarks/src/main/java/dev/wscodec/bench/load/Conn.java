package dev.wscodec.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One load-generator connection: the opening handshake, a queue of frames to write, and an incremental parser of
 * the server's (unmasked) frames that skips payload bytes without copying them. Send times are kept in a ring so
 * that each echoed message yields a latency (the echo keeps order on a connection).
 */
final class Conn {

    enum State { CONNECTING, HANDSHAKING, OPEN, CLOSED }

    static final int RING = 1 << 16;

    final SocketChannel channel;
    SelectionKey key;
    State state = State.CONNECTING;

    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    private final ByteBuffer[] gather = new ByteBuffer[64];
    private final StringBuilder responseHead = new StringBuilder();
    boolean dirty;

    private long[] sendTimes = new long[16];
    private int ringHead;
    private int ringTail;

    private final byte[] header = new byte[14];
    private int headerHave;
    private int headerNeed = 2;
    private long payloadLeft;
    private boolean fin;
    private int opcode;

    /** The server's 101 response head, lower case (to check the extensions it accepted). */
    String negotiated;

    /** Messages sent and not yet echoed. */
    int inFlight;

    Conn(SocketChannel channel) {
        this.channel = channel;
    }

    /** The opening handshake; {@code extensions} (e.g. a permessage-deflate offer) may be {@code null}. */
    static ByteBuffer handshake(String hostPort, String extensions) {
        String request = "GET / HTTP/1.1\r\nHost: " + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    /** Queues bytes to write; the driver flushes connections it marked dirty. */
    void enqueueRaw(ByteBuffer bytes) {
        out.add(bytes);
    }

    /** Queues one message (a duplicate of the shared, pre-encoded frame) sent, or due, at {@code sendTime}. */
    void send(ByteBuffer frame, long sendTime) {
        if (inFlight == sendTimes.length) {
            if (inFlight == RING) {
                throw new IllegalStateException("More than " + RING + " messages in flight on one connection: the server is not keeping up.");
            }
            long[] grown = new long[sendTimes.length * 2];
            for (int i = 0; i < inFlight; i++) {
                grown[i] = sendTimes[(ringHead + i) & (sendTimes.length - 1)];
            }
            sendTimes = grown;
            ringHead = 0;
            ringTail = inFlight;
        }
        sendTimes[ringTail] = sendTime;
        ringTail = (ringTail + 1) & (sendTimes.length - 1);
        inFlight++;
        enqueueRaw(frame.duplicate());
    }

    /** Writes what the socket takes; asks for OP_WRITE when something is left. */
    void flush() throws IOException {
        dirty = false;
        while (!out.isEmpty()) {
            int n = 0;
            long want = 0;
            for (ByteBuffer b : out) {
                gather[n++] = b;
                want += b.remaining();
                if (n == gather.length) {
                    break;
                }
            }
            long written = channel.write(gather, 0, n);
            while (!out.isEmpty() && !out.peekFirst().hasRemaining()) {
                out.pollFirst();
            }
            if (written < want) {
                break; // the socket's send buffer is full
            }
        }
        Arrays.fill(gather, null);
        int ops = out.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /**
     * Handshake: consumes the response head; returns false until it is complete. Fails unless it is a 101.
     */
    boolean readHandshake(ByteBuffer in) {
        while (in.hasRemaining()) {
            responseHead.append((char) (in.get() & 0xFF));
            int n = responseHead.length();
            if (n >= 4 && responseHead.charAt(n - 1) == '\n' && responseHead.charAt(n - 2) == '\r'
                    && responseHead.charAt(n - 3) == '\n' && responseHead.charAt(n - 4) == '\r') {
                if (!responseHead.toString().startsWith("HTTP/1.1 101")) {
                    throw new IllegalStateException("The server refused the upgrade: " + responseHead.toString().trim());
                }
                state = State.OPEN;
                negotiated = responseHead.toString().toLowerCase(java.util.Locale.ROOT);
                responseHead.setLength(0);
                responseHead.trimToSize();
                return true;
            }
        }
        return false;
    }

    /**
     * Parses server frames from {@code in}; reports each complete data message (its payload bytes) to
     * {@code done}. Returns false if the server sent a close frame.
     */
    boolean readFrames(ByteBuffer in, MessageListener done, long now) {
        while (in.hasRemaining()) {
            if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, in.remaining());
                in.position(in.position() + skip);
                payloadLeft -= skip;
                done.payloadBytes(skip);
                if (payloadLeft == 0 && !frameDone(done, now)) {
                    return false;
                }
                continue;
            }
            header[headerHave++] = in.get();
            if (headerHave == 2) {
                int len7 = header[1] & 0x7F;
                headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header[1] & 0x80) != 0 ? 4 : 0);
            }
            if (headerHave >= 2 && headerHave == headerNeed) {
                fin = (header[0] & 0x80) != 0;
                opcode = header[0] & 0x0F;
                int len7 = header[1] & 0x7F;
                long len = len7;
                if (len7 == 126) {
                    len = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
                } else if (len7 == 127) {
                    len = 0;
                    for (int i = 0; i < 8; i++) {
                        len = (len << 8) | (header[2 + i] & 0xFF);
                    }
                }
                headerHave = 0;
                headerNeed = 2;
                payloadLeft = len;
                if (len == 0 && !frameDone(done, now)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean frameDone(MessageListener done, long now) {
        if (opcode == 0x8) {
            return false;
        }
        if (opcode <= 0x2 && fin) {
            if (inFlight == 0) {
                throw new IllegalStateException("The server sent a message that was not asked for.");
            }
            long sent = sendTimes[ringHead];
            ringHead = (ringHead + 1) & (sendTimes.length - 1);
            inFlight--;
            done.message(this, now - sent);
        }
        return true;
    }

    void close() {
        state = State.CLOSED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** What the driver learns from a connection's reads. */
    interface MessageListener {
        void message(Conn conn, long latencyNanos);

        void payloadBytes(int n);
    }
}
