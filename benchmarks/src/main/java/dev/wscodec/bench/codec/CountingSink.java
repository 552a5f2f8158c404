package dev.wscodec.bench.codec;

import dev.wscodec.api.WsEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/**
 * Where decoded frames end up: counts them and keeps the last one in a field (so the JIT cannot drop the work).
 * Usable as our engine's event sink and as the last inbound handler of a Netty pipeline (which releases frames,
 * as a real Netty handler must).
 */
public final class CountingSink extends ChannelInboundHandlerAdapter implements Consumer<WsEvent> {

    public long count;
    public Object last;

    @Override
    public void accept(WsEvent event) {
        count++;
        last = event;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        count++;
        last = msg.getClass();
        ReferenceCountUtil.release(msg);
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    /** Checks that exactly {@code expected} frames arrived since the last check. */
    public void expect(long expected, String what) {
        if (count != expected) {
            throw new IllegalStateException(what + ": expected " + expected + " frames but got " + count + ".");
        }
        count = 0;
    }
}
