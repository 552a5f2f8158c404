package dev.wscodec.bench.codec;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.spi.ValidatedText;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * permessage-deflate round trip of a 1 KiB ASCII JSON text message: the client compresses, frames and masks it;
 * the server unmasks, inflates and validates it into a text message. Ours: client engine -> server engine, both
 * with {@link DeflateConfig#DEFAULT} (level 6, 15-bit windows, context takeover). Netty: its permessage-deflate
 * handlers as negotiated by its public handshakers with their defaults (level 6, 15-bit windows, context
 * takeover) around {@code WebSocket08FrameEncoder}/{@code Decoder}, plus {@code Utf8FrameValidator}. Each
 * invocation sends a different one of 16 messages so the shared context does not see one message repeated.
 * Score: messages per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DeflateBenchmark {

    private static final int MESSAGES = 16;

    private final TextMessage[] ours = new TextMessage[MESSAGES];
    private final ByteBuf[] nettyPayloads = new ByteBuf[MESSAGES];
    private int next;

    private OurEngines.Pair pair;
    private WsEngine client;
    private WsEngine server;
    private final CountingSink ourSink = new CountingSink();

    private EmbeddedChannel nettyClient;
    private EmbeddedChannel nettyServer;
    private final CountingSink nettySink = new CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        byte[] json = Wire.asciiJson(64 * 1024);
        for (int i = 0; i < MESSAGES; i++) {
            byte[] one = new byte[1024];
            System.arraycopy(json, 97 * i, one, 0, one.length);
            ours[i] = ValidatedText.wrap(one);
            nettyPayloads[i] = Unpooled.wrappedBuffer(one);
        }
        WsConfig config = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        pair = OurEngines.open(config);
        client = pair.client();
        server = pair.server();
        if (client.handshake().extensions().isEmpty()) {
            throw new IllegalStateException("permessage-deflate was not negotiated between our engines.");
        }

        PerMessageDeflateClientExtensionHandshaker clientShaker = new PerMessageDeflateClientExtensionHandshaker();
        PerMessageDeflateServerExtensionHandshaker serverShaker = new PerMessageDeflateServerExtensionHandshaker();
        WebSocketServerExtension serverExt = serverShaker.handshakeExtension(clientShaker.newRequestData());
        WebSocketClientExtension clientExt = clientShaker.handshakeExtension(serverExt.newReponseData());
        nettyServer = new EmbeddedChannel();
        nettyServer.pipeline().addLast(new WebSocket08FrameDecoder(NettyPipelines.serverDecoderConfig(1024 * 1024, true)),
                serverExt.newExtensionDecoder(), new Utf8FrameValidator(), nettySink);
        nettyClient = NettyPipelines.outbound(buf -> {
            nettyServer.pipeline().fireChannelRead(buf);
            nettyServer.pipeline().fireChannelReadComplete();
        }, new WebSocket08FrameEncoder(true), clientExt.newExtensionEncoder());

        for (int i = 0; i < MESSAGES; i++) {
            ours();
            netty();
        }
        ourSink.expect(MESSAGES, "our permessage-deflate round trip");
        nettySink.expect(MESSAGES, "Netty's permessage-deflate round trip");
        if (!(ourSink.last instanceof TextMessage m) || m.length() != 1024) {
            throw new IllegalStateException("Our round trip did not deliver a 1 KiB text message: " + ourSink.last);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pair.release();
        nettyClient.finishAndReleaseAll();
        nettyServer.finishAndReleaseAll();
        for (ByteBuf b : nettyPayloads) {
            b.release();
        }
    }

    @Benchmark
    public Object ours() {
        ByteBuffer wire = client.send(ours[next++ & (MESSAGES - 1)]);
        server.receive(wire, ourSink);
        return ourSink.last;
    }

    @Benchmark
    public long netty() {
        NettyPipelines.write(nettyClient, new TextWebSocketFrame(nettyPayloads[next++ & (MESSAGES - 1)].retainedDuplicate()));
        return nettySink.count;
    }
}
