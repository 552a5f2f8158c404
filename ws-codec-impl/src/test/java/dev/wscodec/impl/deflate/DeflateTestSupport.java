package dev.wscodec.impl.deflate;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.PayloadSink;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

/** Helpers for the permessage-deflate tests. */
final class DeflateTestSupport {

    private DeflateTestSupport() {
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    /** A sink that collects everything and, like the engine's, refuses more than {@code limit} bytes (1009). */
    static final class Collector implements PayloadSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long limit;
        final boolean keep;
        long total;
        int writes;
        int largestWrite;

        Collector() {
            this(Long.MAX_VALUE);
        }

        Collector(long limit) {
            this(limit, true);
        }

        /** {@code keep} false only counts the bytes. */
        Collector(long limit, boolean keep) {
            this.limit = limit;
            this.keep = keep;
        }

        @Override
        public void write(ByteBuffer data) {
            int n = data.remaining();
            writes++;
            largestWrite = Math.max(largestWrite, n);
            total += n;
            if (total > limit) {
                throw new WsProtocolException(Violation.MESSAGE_TOO_BIG,
                        "The message is larger than the limit of " + limit + " bytes.");
            }
            if (keep) {
                byte[] copy = new byte[n];
                data.get(copy);
                bytes.write(copy, 0, n);
            } else {
                data.position(data.limit());
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** A server-side extension negotiated from a client offer with these parameters. */
    static PerMessageDeflate server(DeflateConfig config, String... offerParams) {
        return (PerMessageDeflate) new PerMessageDeflateFactory(config)
                .acceptOffer(List.of(offer(offerParams)), Role.SERVER);
    }

    /** A client-side extension that receives this server answer to its offer from {@code config}. */
    static PerMessageDeflate client(DeflateConfig config, String... responseParams) {
        return (PerMessageDeflate) new PerMessageDeflateFactory(config)
                .acceptResponse(offer(responseParams), Role.CLIENT);
    }

    /** {@code permessage-deflate} with parameters written as {@code name} or {@code name=value}. */
    static ExtensionParams offer(String... params) {
        List<ExtensionParams.Param> list = new java.util.ArrayList<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            list.add(eq < 0 ? new ExtensionParams.Param(p, null)
                    : new ExtensionParams.Param(p.substring(0, eq), p.substring(eq + 1)));
        }
        return new ExtensionParams(PerMessageDeflateFactory.NAME, list);
    }

    /** Compresses a whole message; returns the payload, or {@code null} when sent uncompressed (-1). */
    static byte[] encode(PerMessageDeflate ext, byte[] message) {
        Collector out = new Collector();
        int rsv = ext.encode(Opcode.TEXT, ByteBuffer.wrap(message), true, true, out);
        if (rsv == -1) {
            if (out.writes != 0) {
                throw new AssertionError("encode returned -1 but wrote " + out.total + " bytes");
            }
            return null;
        }
        if (rsv != PerMessageDeflate.RSV1) {
            throw new AssertionError("encode returned " + rsv);
        }
        return out.toByteArray();
    }

    /** Inflates a message given as the payloads of its frames. */
    static byte[] decode(PerMessageDeflate ext, byte[]... frames) {
        Collector out = new Collector();
        for (int i = 0; i < frames.length; i++) {
            ext.decode(ByteBuffer.wrap(frames[i]), i == frames.length - 1, out);
        }
        return out.toByteArray();
    }
}
