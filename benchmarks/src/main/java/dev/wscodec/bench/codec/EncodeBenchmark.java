package dev.wscodec.bench.codec;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.WsEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * Encoding one binary frame, ours ({@code engine.send}) vs Netty's {@code WebSocket08FrameEncoder}; the server role
 * writes unmasked frames, the client role masks with a fresh key per frame (each codec's default key source).
 * Score: frames per second.
 *
 * <p>Each side wraps the same payload array in its own message type per frame ({@code BinaryMessage.wrap} /
 * a {@code BinaryWebSocketFrame} over a retained duplicate of an unpooled heap buffer), and each side's output is
 * dropped (ours: the returned ByteBuffer; Netty: the written ByteBufs, released back to its allocator). Note that
 * Netty does not copy unmasked payloads above 1 KiB (it writes a header buffer plus the payload buffer), while our
 * engine's {@code send(message)} returns one buffer per frame; {@link #oursGather} measures the gathering
 * {@code send(message, consumer)}, which hands a server's payload from 512 bytes on as it is.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeBenchmark {

    @Param({"16", "125", "1024", "65536"})
    public int size;

    @Param({"server", "client"})
    public String role;

    private byte[] payload;
    private ByteBuf nettyPayload;
    private OurEngines.Pair pair;
    private WsEngine engine;
    private EmbeddedChannel netty;
    private final long[] nettyBytes = new long[1];
    private long gathered;
    /** Each buffer is kept (as a writer's queue would) so that none can be optimised away by escape analysis. */
    private final ByteBuffer[] kept = new ByteBuffer[4];
    private int keptCount;
    private final Consumer<ByteBuffer> gatherSink = b -> {
        gathered += b.remaining();
        kept[keptCount++ & 3] = b;
    };

    @Setup(Level.Trial)
    public void setUp() {
        payload = Wire.randomBytes(size, 3);
        nettyPayload = Unpooled.wrappedBuffer(payload);
        pair = OurEngines.open(OurEngines.config(2L * 1024 * 1024));
        boolean client = role.equals("client");
        engine = client ? pair.client() : pair.server();
        netty = NettyPipelines.encoder(client, nettyBytes);
        int expected = size + 2 + (size < 126 ? 0 : size < 65536 ? 2 : 8) + (client ? 4 : 0);
        if (ours() != expected) {
            throw new IllegalStateException("Our encoder wrote " + ours() + " bytes, expected " + expected + ".");
        }
        if (oursGather() != expected) {
            throw new IllegalStateException("Our gathering send wrote " + gathered + " bytes, expected " + expected + ".");
        }
        nettyBytes[0] = 0;
        netty();
        if (nettyBytes[0] != expected) {
            throw new IllegalStateException("Netty's encoder wrote " + nettyBytes[0] + " bytes, expected " + expected + ".");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.release();
        netty.finishAndReleaseAll();
        nettyPayload.release();
    }

    @Benchmark
    public int ours() {
        ByteBuffer out = engine.send(BinaryMessage.wrap(payload));
        return out.remaining();
    }

    /**
     * The gathering send ({@code engine.send(message, consumer)}): for the server role from 512 bytes on, a header
     * buffer plus a read-only view of the message's payload (no copy), as Netty writes; otherwise one buffer.
     */
    @Benchmark
    public long oursGather() {
        gathered = 0;
        engine.send(BinaryMessage.wrap(payload), gatherSink);
        return gathered;
    }

    @Benchmark
    public long netty() {
        NettyPipelines.write(netty, new BinaryWebSocketFrame(nettyPayload.retainedDuplicate()));
        return nettyBytes[0];
    }
}
