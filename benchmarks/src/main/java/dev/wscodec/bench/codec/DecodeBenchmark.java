package dev.wscodec.bench.codec;

import dev.wscodec.api.WsEngine;
import io.netty.channel.embedded.EmbeddedChannel;
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
 * Server-side decoding of a buffer of back-to-back masked binary frames, ours vs Netty's
 * {@code WebSocket08FrameDecoder}. The score is frames per second: each invocation decodes {@link #frames} frames
 * (a buffer of at least 64 KiB of payload), and the result is divided by that count by the harness script.
 *
 * <p>{@code split=false} hands the whole buffer over in one read; {@code split=true} hands it over in reads of
 * {@code wireFrameLength / 2 + 1} bytes, so every frame spans at least two reads (headers split too). Binary
 * frames keep UTF-8 validation out of this benchmark; see {@link Utf8Benchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBenchmark {

    @Param({"16", "125", "1024", "65536"})
    public int size;

    @Param({"false", "true"})
    public boolean split;

    /** Frames per invocation. */
    public int frames;
    private byte[] wire;
    private int readSize;

    private WsEngine server;
    private OurEngines.Pair pair;
    private final CountingSink ourSink = new CountingSink();

    private EmbeddedChannel netty;
    private final CountingSink nettySink = new CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        frames = Math.max(16, 65536 / size);
        wire = Wire.maskedFrames(Wire.OP_BINARY, Wire.randomBytes(size, 1), frames, 2);
        int wireFrame = wire.length / frames;
        readSize = split ? wireFrame / 2 + 1 : wire.length;
        pair = OurEngines.open(OurEngines.config(2L * 1024 * 1024));
        server = pair.server();
        netty = NettyPipelines.decoder(2 * 1024 * 1024, nettySink);
        // one check that both decode every frame
        ours();
        ourSink.expect(frames, "our decoder");
        netty();
        nettySink.expect(frames, "Netty's decoder");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.release();
        netty.finishAndReleaseAll();
    }

    @Benchmark
    public long ours() {
        for (int off = 0; off < wire.length; off += readSize) {
            server.receive(ByteBuffer.wrap(wire, off, Math.min(readSize, wire.length - off)), ourSink);
        }
        return ourSink.count;
    }

    @Benchmark
    public long netty() {
        for (int off = 0; off < wire.length; off += readSize) {
            NettyPipelines.read(netty, wire, off, Math.min(readSize, wire.length - off));
        }
        return nettySink.count;
    }
}
