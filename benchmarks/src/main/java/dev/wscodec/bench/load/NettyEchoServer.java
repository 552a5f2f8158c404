package dev.wscodec.bench.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import java.net.InetSocketAddress;

/**
 * The raw Netty peer of the load tests: the Netty that vertx-core 5.2.0 brings (4.2.x), one NIO event-loop thread
 * (it accepts and serves every connection), and the pipeline Netty's own WebSocket server example uses:
 * {@link HttpServerCodec}, {@link HttpObjectAggregator} (64 KiB, for the upgrade request),
 * {@link WebSocketServerCompressionHandler} (permessage-deflate when the client offers it, as the other servers do),
 * {@link WebSocketServerProtocolHandler} (handshake, ping/pong, close, UTF-8 validation of text frames, frames up to
 * 32 MiB), {@link WebSocketFrameAggregator} (whole messages up to 32 MiB), then an echo handler that writes each
 * message back without copying (the same pooled buffer, retained) and flushes once per read burst
 * ({@code channelReadComplete}). The socket stops reading while the outbound buffer is above its high-water mark,
 * as the other servers pause their readers.
 */
final class NettyEchoServer {

    private NettyEchoServer() {
    }

    /** Binds on 127.0.0.1:{@code port} (0 for any) and returns the bound port; the group stays up until closed. */
    static int start(EventLoopGroup group, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(new HttpServerCodec());
                        p.addLast(new HttpObjectAggregator(64 * 1024));
                        p.addLast(new WebSocketServerCompressionHandler());
                        p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                .websocketPath("/")
                                .checkStartsWith(true)
                                .allowExtensions(true)
                                .maxFramePayloadLength(BenchServer.MAX_MESSAGE)
                                .handshakeTimeoutMillis(60_000)
                                .build()));
                        p.addLast(new WebSocketFrameAggregator(BenchServer.MAX_MESSAGE));
                        p.addLast(new Echo());
                    }
                });
        Channel server = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** One NIO event-loop thread, as the other JVM servers have. */
    static EventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /** Echoes whole data messages (the aggregator's frames) with one flush per read burst. */
    private static final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {

        Echo() {
            super(false); // the frame is written back, not released here
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame) {
                ctx.write(frame, ctx.voidPromise());
            } else {
                frame.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
