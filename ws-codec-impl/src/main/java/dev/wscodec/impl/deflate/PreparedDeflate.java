package dev.wscodec.impl.deflate;

import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * permessage-deflate for prepared messages: compresses one message on its own (a fresh context, as with
 * {@code server_no_context_takeover}, RFC 7692 §7.1.1.1), and tells whether a connection's negotiated extension
 * takes such a message as it is.
 */
public final class PreparedDeflate {

    /** RFC 7692 §6: the RSV1 bit of the first header byte marks a compressed message. */
    public static final int RSV1 = PerMessageDeflate.RSV1;

    private PreparedDeflate() {
    }

    /** The compressed payload of a whole message (the {@code 00 00 ff ff} tail removed, RFC 7692 §7.2.1). */
    public static ByteBuffer compress(ByteBuffer payload, int level) {
        MessageDeflater deflater = new MessageDeflater(level, true);
        Collector out = new Collector();
        try {
            deflater.write(payload, true, out);
        } finally {
            deflater.release();
        }
        return ByteBuffer.wrap(out.a, 0, out.n);
    }

    /** Whether {@code e} is permessage-deflate of this module and takes a message compressed with a fresh context. */
    public static boolean takesIndependentMessages(WsExtension e) {
        return e instanceof PerMessageDeflate d && d.takesIndependentMessages();
    }

    /** Whether {@code e} is the permessage-deflate extension of this module. */
    public static boolean isDeflate(WsExtension e) {
        return e instanceof PerMessageDeflate;
    }

    private static final class Collector implements PayloadSink {
        private byte[] a = new byte[64];
        private int n;

        @Override
        public void write(ByteBuffer data) {
            int r = data.remaining();
            if (n + r > a.length) {
                a = Arrays.copyOf(a, Math.max(n + r, a.length * 2));
            }
            data.get(a, n, r);
            n += r;
        }
    }
}
