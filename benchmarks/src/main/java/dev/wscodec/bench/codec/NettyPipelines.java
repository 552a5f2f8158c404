package dev.wscodec.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * Netty's WebSocket codec (the version vertx-core brings) in {@link EmbeddedChannel}s. Bytes are pushed with
 * {@code pipeline().fireChannelRead} and writes end in a handler that releases them, so the harness adds as little
 * as possible on top of the handlers themselves.
 */
public final class NettyPipelines {

    private NettyPipelines() {
    }

    /** A server-side decoder config: masked frames expected, frames up to {@code maxBytes}. */
    public static WebSocketDecoderConfig serverDecoderConfig(int maxBytes, boolean allowExtensions) {
        return WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true)
                .maxFramePayloadLength(maxBytes)
                .allowExtensions(allowExtensions)
                .build();
    }

    /** Inbound: bytes -> handlers -> sink. */
    public static EmbeddedChannel inbound(CountingSink sink, ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(handlers);
        ch.pipeline().addLast(sink);
        return ch;
    }

    /** A server-side frame decoder pipeline, then {@code after}, feeding {@code sink}. */
    public static EmbeddedChannel decoder(int maxBytes, CountingSink sink, ChannelHandler... after) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new WebSocket08FrameDecoder(serverDecoderConfig(maxBytes, false)));
        ch.pipeline().addLast(after);
        ch.pipeline().addLast(sink);
        return ch;
    }

    /** Feeds one read (a slice of {@code wire}) to the pipeline, as a socket read would. */
    public static void read(EmbeddedChannel ch, byte[] wire, int offset, int length) {
        ch.pipeline().fireChannelRead(Unpooled.wrappedBuffer(wire, offset, length));
        ch.pipeline().fireChannelReadComplete();
    }

    /** Outbound: handlers (written from the tail) -> {@code out}, which receives every written ByteBuf. */
    public static EmbeddedChannel outbound(Consumer<ByteBuf> out, ChannelHandler... handlersHeadToTail) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new WriteSink(out));
        ch.pipeline().addLast(handlersHeadToTail);
        return ch;
    }

    /** A frame encoder pipeline ({@code masking} for the client role); written bytes are counted and released. */
    public static EmbeddedChannel encoder(boolean masking, long[] bytesOut) {
        return outbound(buf -> {
            bytesOut[0] += buf.readableBytes();
            buf.release();
        }, new WebSocket08FrameEncoder(masking));
    }

    /** Writes through the pipeline without a promise to complete. */
    public static void write(EmbeddedChannel ch, Object msg) {
        ch.pipeline().write(msg, ch.voidPromise());
    }

    /** The head-most outbound handler: hands each written buffer to a consumer instead of a socket. */
    static final class WriteSink extends ChannelOutboundHandlerAdapter {
        private final Consumer<ByteBuf> out;

        WriteSink(Consumer<ByteBuf> out) {
            this.out = out;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof ByteBuf buf) {
                out.accept(buf);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            // nothing to flush: written buffers were consumed already
        }
    }
}
