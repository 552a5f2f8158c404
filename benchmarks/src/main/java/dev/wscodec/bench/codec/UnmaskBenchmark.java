package dev.wscodec.bench.codec;

import dev.wscodec.api.WsEngine;
import dev.wscodec.impl.frame.Masking;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Unmasking at an unaligned offset, against {@code System.arraycopy} of the same length (the ceiling). The codec
 * exposes no public unmask routine, so this decodes one masked binary frame whose payload starts at an odd array
 * offset (the frame sits at offset 3 of the read buffer) into a message: header parse + unmask + the one copy into
 * the message's array. Baselines: {@code arraycopy} into a preallocated array (the strict ceiling) and
 * {@code new byte[n]} + {@code arraycopy} (what any decoder that hands out a fresh array must at least do).
 * Score: payload bytes per second = ops/s x size.
 *
 * <p>{@link #maskKernel} measures the unmask routine alone ({@code dev.wscodec.impl.frame.Masking}, public in
 * ws-codec-impl but not exported by its module, so reachable here on the class path only): an in-place XOR of the
 * payload at the same odd offset.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UnmaskBenchmark {

    private static final int OFFSET = 3;

    @Param({"1024", "65536", "1048576"})
    public int size;

    private byte[] wire;
    private int frameLength;
    private int payloadOffset;
    private byte[] dst;
    private OurEngines.Pair pair;
    private WsEngine server;
    private final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        byte[] frame = Wire.maskedFrames(Wire.OP_BINARY, Wire.randomBytes(size, 4), 1, 5);
        frameLength = frame.length;
        wire = new byte[OFFSET + frameLength];
        System.arraycopy(frame, 0, wire, OFFSET, frameLength);
        payloadOffset = OFFSET + frameLength - size;
        dst = new byte[size];
        pair = OurEngines.open(OurEngines.config(2L * 1024 * 1024));
        server = pair.server();
        decodeFrame();
        sink.expect(1, "our decoder");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.release();
    }

    @Benchmark
    public Object decodeFrame() {
        server.receive(ByteBuffer.wrap(wire, OFFSET, frameLength), sink);
        return sink.last;
    }

    @Benchmark
    public byte[] maskKernel() {
        Masking.mask(wire, payloadOffset, size, 0x1234_5678, 0);
        return wire;
    }

    @Benchmark
    public byte[] arraycopy() {
        System.arraycopy(wire, payloadOffset, dst, 0, size);
        return dst;
    }

    @Benchmark
    public byte[] allocateAndArraycopy() {
        byte[] copy = new byte[size];
        System.arraycopy(wire, payloadOffset, copy, 0, size);
        return copy;
    }
}
