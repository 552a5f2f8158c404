package dev.wscodec.bench.codec;

import dev.wscodec.api.WsEngine;
import dev.wscodec.impl.frame.Utf8Validator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * UTF-8 validation of a 16 KiB text payload: ASCII JSON, and mixed Cyrillic/CJK text. Netty's validator
 * ({@code Utf8Validator}) is package-private; its public entry point is the {@code Utf8FrameValidator} handler,
 * which {@code WebSocketServerProtocolHandler} installs by default after the frame decoder. Ours validates inside
 * the engine while decoding a text frame, so validation is measured both ways:
 * <ul>
 *   <li>isolated: {@link #nettyValidator} (the handler alone, fed a ready-made text frame) against our text-frame
 *       decode minus our binary-frame decode of the same bytes ({@link #oursText} - {@link #oursBinary}), and
 *       against {@link #jdkNewString} ({@code new String(bytes, UTF_8)}, which validates and decodes);</li>
 *   <li>end to end: decoding the masked text frame, ours ({@link #oursText}) vs Netty's decoder followed by its
 *       validator ({@link #nettyText}).</li>
 * <li>kernel: {@link #oursValidator} runs our validator class alone ({@code dev.wscodec.impl.frame.Utf8Validator},
 *       public in ws-codec-impl but not exported by its module: class path only) against {@link #nettyValidator}.</li>
 * </ul>
 * Score: operations (16 KiB payloads) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Utf8Benchmark {

    public static final int SIZE = 16 * 1024;

    @Param({"ascii", "mixed"})
    public String text;

    private byte[] utf8;
    private byte[] textFrame;
    private byte[] binaryFrame;
    private ByteBuf nettyPayload;

    private OurEngines.Pair pair;
    private WsEngine server;
    private final CountingSink ourSink = new CountingSink();
    private EmbeddedChannel nettyDecodeAndValidate;
    private EmbeddedChannel nettyValidateOnly;
    private final CountingSink nettySink = new CountingSink();
    private final Utf8Validator ourValidator = new Utf8Validator();

    @Setup(Level.Trial)
    public void setUp() {
        utf8 = text.equals("ascii") ? Wire.asciiJson(SIZE) : Wire.mixedUtf8(SIZE);
        if (!new String(utf8, StandardCharsets.UTF_8).equals(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8)).toString())
                || utf8.length != SIZE) {
            throw new IllegalStateException("The sample text is not " + SIZE + " bytes of valid UTF-8.");
        }
        textFrame = Wire.maskedFrames(Wire.OP_TEXT, utf8, 1, 6);
        binaryFrame = Wire.maskedFrames(Wire.OP_BINARY, utf8, 1, 6);
        nettyPayload = Unpooled.wrappedBuffer(utf8);
        pair = OurEngines.open(OurEngines.config(1024 * 1024));
        server = pair.server();
        nettyDecodeAndValidate = NettyPipelines.decoder(1024 * 1024, nettySink, new Utf8FrameValidator());
        nettyValidateOnly = NettyPipelines.inbound(nettySink, new Utf8FrameValidator());
        oursText();
        oursBinary();
        ourSink.expect(2, "our decoder");
        if (oursValidator() != -1) {
            throw new IllegalStateException("Our validator rejected the sample text.");
        }
        nettyText();
        nettyValidator();
        nettySink.expect(2, "Netty's pipelines");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.release();
        nettyDecodeAndValidate.finishAndReleaseAll();
        nettyValidateOnly.finishAndReleaseAll();
        nettyPayload.release();
    }

    @Benchmark
    public Object oursText() {
        server.receive(ByteBuffer.wrap(textFrame), ourSink);
        return ourSink.last;
    }

    @Benchmark
    public Object oursBinary() {
        server.receive(ByteBuffer.wrap(binaryFrame), ourSink);
        return ourSink.last;
    }

    @Benchmark
    public long nettyText() {
        NettyPipelines.read(nettyDecodeAndValidate, textFrame, 0, textFrame.length);
        return nettySink.count;
    }

    @Benchmark
    public long nettyValidator() {
        nettyValidateOnly.pipeline().fireChannelRead(new TextWebSocketFrame(nettyPayload.retainedDuplicate()));
        return nettySink.count;
    }

    @Benchmark
    public int oursValidator() {
        ourValidator.reset();
        int bad = ourValidator.validate(utf8, 0, utf8.length);
        return ourValidator.isComplete() ? bad : -2;
    }

    @Benchmark
    public String jdkNewString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
