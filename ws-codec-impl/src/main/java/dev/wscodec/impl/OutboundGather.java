package dev.wscodec.impl;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The gathering send of a server's message: the engine's queued output, the frame header, the payload itself.
 */
final class OutboundGather {

    /**
     * Messages shorter than this are copied into one buffer with their header even by the gathering send. Measured
     * with EncodeBenchmark (oursGather vs ours, server role, the buffers kept as a writer's queue keeps them): in
     * the codec alone gathering costs more at 16 bytes (0.86x), and saves 1.4x at 125, 2.5x at 512, 5x at 1 KiB;
     * every extra buffer also costs the writer (a wrapper, a gathering-write entry), so below 512 bytes the few
     * nanoseconds saved are not worth a second buffer. Netty's encoder uses 1024.
     */
    static final int MIN_LENGTH = 512;

    private OutboundGather() {
    }

    /**
     * Hands out, in wire order: what the engine queued by itself (a pong, say; may be {@code null}), which must
     * precede the message as with {@code send(Outbound)}, then the header, then the payload view.
     */
    static void write(ByteBuffer queued, ByteBuffer header, ByteBuffer payload, Consumer<? super ByteBuffer> out) {
        if (queued != null) {
            out.accept(queued);
        }
        out.accept(header);
        out.accept(payload);
    }
}
