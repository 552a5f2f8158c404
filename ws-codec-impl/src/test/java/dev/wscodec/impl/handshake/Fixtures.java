package dev.wscodec.impl.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/** Shared fixtures of the handshake tests. */
final class Fixtures {

    /** The opening handshake of RFC 6455 §1.2 / §1.3, as in seed 003. */
    static final String RFC_REQUEST = "GET /chat HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    /** RFC 6455 §5.7: a masked text frame "Hello" from a client. */
    static final String MASKED_HELLO_HEX = "818537fa213d7f9f4d5158";

    private Fixtures() {
    }

    static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.ISO_8859_1);
    }

    static ByteBuffer buffer(String ascii) {
        return ByteBuffer.wrap(bytes(ascii));
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Feeds {@code wire} in two parts split at {@code split} to a fresh parser; the first part must give "need
     * more" (unless it already holds the head) and be consumed entirely. Returns the result and checks that exactly
     * {@code trailing} bytes remain after the head.
     */
    static <T> T feedSplit(Function<ByteBuffer, T> parser, byte[] wire, int split, int trailing) {
        int headEnd = wire.length - trailing;
        ByteBuffer first = ByteBuffer.wrap(wire, 0, split).slice();
        T result = parser.apply(first);
        if (split < headEnd) {
            assertNull(result, "need more after " + split + " bytes");
            assertEquals(0, first.remaining(), "all of the first part is buffered");
            ByteBuffer rest = ByteBuffer.wrap(wire, split, wire.length - split).slice();
            result = parser.apply(rest);
            assertEquals(trailing, rest.remaining(), "the bytes after the head stay in the buffer");
        } else {
            assertEquals(split - headEnd, first.remaining(), "the bytes after the head stay in the buffer");
        }
        return result;
    }

    /** Feeds {@code wire} one byte at a time; returns the first non-null result. */
    static <T> T feedBytewise(Function<ByteBuffer, T> parser, byte[] wire) {
        for (int i = 0; i < wire.length; i++) {
            ByteBuffer one = ByteBuffer.wrap(wire, i, 1);
            T result = parser.apply(one);
            if (result != null) {
                assertEquals(i + 1, one.position());
                return result;
            }
            assertEquals(0, one.remaining());
        }
        return null;
    }

    /** A negotiable extension for tests: accepts the first offer (echoing its parameters) unless it has "no". */
    static final class EchoFactory implements WsExtensionFactory {
        final String name;
        final List<ExtensionParams> offers;
        final List<List<ExtensionParams>> seenOffers = new ArrayList<>();
        final List<EchoExtension> created = new ArrayList<>();

        EchoFactory(String name, List<ExtensionParams> offers) {
            this.name = name;
            this.offers = offers;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ExtensionParams> clientOffers() {
            return offers;
        }

        @Override
        public WsExtension acceptOffer(List<ExtensionParams> offers, Role role) {
            seenOffers.add(offers);
            for (ExtensionParams o : offers) {
                if (o.has("bad")) {
                    throw new WsProtocolException(Violation.BAD_NEGOTIATION_HEADER, "The offer is bad.");
                }
                if (!o.has("no")) {
                    return track(new EchoExtension(o));
                }
            }
            return null;
        }

        @Override
        public WsExtension acceptResponse(ExtensionParams response, Role role) {
            if (response.has("unknown")) {
                throw new WsProtocolException(Violation.UNOFFERED_EXTENSION, "The parameter unknown was not offered.");
            }
            return response.has("null") ? null : track(new EchoExtension(response));
        }

        private EchoExtension track(EchoExtension e) {
            created.add(e);
            return e;
        }
    }

    /** The extension made by {@link EchoFactory}; counts releases. */
    static final class EchoExtension implements WsExtension {
        final ExtensionParams params;
        int releases;

        EchoExtension(ExtensionParams params) {
            this.params = params;
        }

        @Override
        public ExtensionParams params() {
            return params;
        }

        @Override
        public int rsvMask() {
            return 0;
        }

        @Override
        public boolean beginInbound(int rsv) {
            return false;
        }

        @Override
        public void decode(ByteBuffer payload, boolean fin, PayloadSink out) {
            out.write(payload);
        }

        @Override
        public int encode(Opcode opcode, ByteBuffer payload, boolean first, boolean fin, PayloadSink out) {
            return -1;
        }

        @Override
        public void release() {
            releases++;
        }
    }
}
