package dev.wscodec.conformance.fuzz;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.WsCodecProvider;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drives engines through the public API for the fuzz tests. A finding is any exception other than
 * {@link WsProtocolException} from {@code receive}, an engine that keeps accepting input after failing, an event
 * beyond the configured limits, or an allocation far beyond what the input and the limits justify.
 */
final class FuzzSupport {

    static final WsCodecProvider PROVIDER = WsCodecProvider.lookup();
    /** Small limits so the fuzzer reaches them: 4 KiB frames, 16 KiB messages, 1 KiB heads. */
    static final WsConfig CONFIG = WsConfig.builder().maxFrameSize(4096).maxMessageSize(16384)
            .maxHandshakeSize(1024).build();

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzSupport() {
    }

    /** {@code base} with a fresh, seeded random source, so that handshake keys and masks repeat run after run. */
    static WsConfig seeded(WsConfig base) {
        return base.toBuilder().random(new SplittableRandom(7)).build();
    }

    /** One frame: first header byte {@code b0}, the payload, masked with a fixed key when {@code mask}. */
    static byte[] frame(int b0, byte[] payload, boolean mask) {
        int n = payload.length;
        int lenBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
        byte[] f = new byte[2 + lenBytes + (mask ? 4 : 0) + n];
        f[0] = (byte) b0;
        int m = mask ? 0x80 : 0;
        int p = 2;
        if (lenBytes == 0) {
            f[1] = (byte) (m | n);
        } else if (lenBytes == 2) {
            f[1] = (byte) (m | 126);
            f[p++] = (byte) (n >>> 8);
            f[p++] = (byte) n;
        } else {
            f[1] = (byte) (m | 127);
            for (int i = 7; i >= 0; i--) {
                f[p++] = (byte) (i >= 4 ? 0 : n >>> (8 * i));
            }
        }
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        if (mask) {
            System.arraycopy(key, 0, f, p, 4);
            p += 4;
        }
        for (int i = 0; i < n; i++) {
            f[p + i] = (byte) (mask ? payload[i] ^ key[i & 3] : payload[i]);
        }
        return f;
    }

    /** A server engine that has accepted a handshake from a client engine with {@code clientConfig}. */
    static WsEngine openServer(WsConfig serverConfig, WsConfig clientConfig) {
        WsEngine[] pair = openPair(serverConfig, clientConfig);
        pair[1].release();
        return pair[0];
    }

    /** A client engine whose handshake a server engine with {@code serverConfig} accepted. */
    static WsEngine openClient(WsConfig clientConfig, WsConfig serverConfig) {
        WsEngine[] pair = openPair(serverConfig, clientConfig);
        pair[0].release();
        return pair[1];
    }

    /** {server, client}, both open, through a real handshake between the two engines. */
    static WsEngine[] openPair(WsConfig serverConfig, WsConfig clientConfig) {
        WsEngine client = PROVIDER.newClientEngine(clientConfig, ClientHandshake.of("localhost:9001", "/"));
        WsEngine server = PROVIDER.newServerEngine(serverConfig);
        List<WsEvent> events = server.receive(client.openingHandshake());
        if (events.size() != 1 || !(events.get(0) instanceof WsEvent.UpgradeRequest)) {
            throw new AssertionError("The server engine did not report the client's upgrade request: " + events);
        }
        List<WsEvent> answer = client.receive(server.accept(Accept.DEFAULT));
        if (answer.size() != 1 || !(answer.get(0) instanceof WsEvent.HandshakeAccepted)) {
            throw new AssertionError("The client engine did not accept the server's 101: " + answer);
        }
        return new WsEngine[] {server, client};
    }

    /**
     * Feeds {@code data} to {@code engine} in chunks of {@code chunk} bytes (at least 1), checking every event
     * against {@code config}. Returns the events; stops at the first {@link WsProtocolException}, after checking
     * that the engine failed cleanly.
     */
    static List<WsEvent> feed(WsEngine engine, WsConfig config, byte[] data, int chunk) {
        List<WsEvent> events = new ArrayList<>();
        int step = Math.max(1, chunk);
        for (int i = 0; i < data.length; i += step) {
            ByteBuffer in = ByteBuffer.wrap(data, i, Math.min(step, data.length - i));
            try {
                engine.receive(in, e -> {
                    checkEvent(e, config);
                    events.add(e);
                });
            } catch (WsProtocolException e) {
                checkFailed(engine, e, in);
                return events;
            }
            if (in.hasRemaining()) {
                throw new AssertionError("receive left " + in.remaining() + " bytes unconsumed in state "
                        + engine.state() + ".");
            }
            drain(engine);
            if (engine.state() == WsEngine.State.CLOSED) {
                return events;
            }
        }
        return events;
    }

    private static void checkFailed(WsEngine engine, WsProtocolException e, ByteBuffer in) {
        if (engine.state() != WsEngine.State.CLOSED) {
            throw new AssertionError("The engine threw " + e.violation() + " but is in state " + engine.state(), e);
        }
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError("A protocol error without a message: " + e.violation(), e);
        }
        boolean handshake = e.violation().isHandshake();
        if (!handshake && engine.closeInitiator() != WsEngine.Initiator.FAILURE) {
            throw new AssertionError("After " + e.violation() + " the close initiator is " + engine.closeInitiator());
        }
        drain(engine);
        // RFC 6455 §7.1.7: once failed, further input is ignored (no events, no exception).
        List<WsEvent> after = engine.receive(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x80, 1, 2, 3, 4}));
        if (!after.isEmpty()) {
            throw new AssertionError("A failed engine still reported " + after);
        }
    }

    static void drain(WsEngine engine) {
        for (int i = 0; engine.pollOutput() != null; i++) {
            if (i > 10_000) {
                throw new AssertionError("pollOutput never returns null.");
            }
        }
    }

    static void checkEvent(WsEvent e, WsConfig config) {
        if (e instanceof Message m && m.length() > config.maxMessageSize()) {
            throw new AssertionError("A " + m.length() + "-byte message passed the " + config.maxMessageSize()
                    + "-byte limit.");
        }
        if (e instanceof MessageChunk c && c.data().remaining() > config.maxMessageSize()) {
            throw new AssertionError("A " + c.data().remaining() + "-byte chunk passed the message limit.");
        }
    }

    /**
     * Runs {@code body} and fails when this thread allocated more than a generous bound: 64 times the input, 32
     * times the message limit, plus 4 MiB. Catches buffers sized by a declared length instead of the limits. A run
     * over the bound is repeated once before failing, because the first run of a code path also pays for class
     * loading (and, while fuzzing, for Jazzer instrumenting those classes) in this thread.
     */
    static void withinAllocationBound(int inputLength, WsConfig config, Runnable body) {
        long bound = 64L * inputLength + 32L * config.maxMessageSize() + (4L << 20);
        long used = allocatedBy(body);
        if (used > bound) {
            used = allocatedBy(body);
            if (used > bound) {
                throw new AssertionError("Decoding " + inputLength + " bytes allocated " + used + " bytes (bound "
                        + bound + ").");
            }
        }
    }

    private static long allocatedBy(Runnable body) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        body.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    /** The chunk size encoded in the first byte of a fuzz input: 1-255, 0 meaning all at once. */
    static int chunkOf(byte[] input) {
        int c = input.length == 0 ? 0 : input[0] & 0xFF;
        return c == 0 ? Integer.MAX_VALUE : c;
    }

    static byte[] rest(byte[] input) {
        if (input.length == 0) {
            return input;
        }
        byte[] r = new byte[input.length - 1];
        System.arraycopy(input, 1, r, 0, r.length);
        return r;
    }
}
