package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.Role;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.PayloadSink;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.api.spi.WsExtensionFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Two made-up extensions that do not commute (XOR 0x55 on RSV2, then +1 on RSV3) check the order in which the engine
 * applies extensions: in negotiation order out, reversed in; RSV bits on the first frame only.
 */
class ExtensionChainTest {

    /** An extension mapping every payload byte; decoding applies the inverse. */
    private static final class ByteMap implements WsExtension {
        final String name;
        final int rsv;
        final IntUnaryOperator out;
        final IntUnaryOperator in;
        final List<Boolean> decodeFins = new ArrayList<>();
        int released;

        ByteMap(String name, int rsv, IntUnaryOperator out, IntUnaryOperator in) {
            this.name = name;
            this.rsv = rsv;
            this.out = out;
            this.in = in;
        }

        @Override
        public ExtensionParams params() {
            return ExtensionParams.of(name);
        }

        @Override
        public int rsvMask() {
            return rsv;
        }

        @Override
        public boolean beginInbound(int bits) {
            return bits == rsv;
        }

        @Override
        public void decode(ByteBuffer payload, boolean fin, PayloadSink sink) {
            decodeFins.add(fin);
            sink.write(map(payload, in));
        }

        @Override
        public int encode(Opcode opcode, ByteBuffer payload, boolean first, boolean fin, PayloadSink sink) {
            sink.write(map(payload, out));
            return rsv;
        }

        @Override
        public void release() {
            released++;
        }

        private static ByteBuffer map(ByteBuffer b, IntUnaryOperator f) {
            byte[] a = new byte[b.remaining()];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) f.applyAsInt(b.get() & 0xFF);
            }
            return ByteBuffer.wrap(a);
        }
    }

    /** A factory that accepts any offer of its name, remembering the extensions it made. */
    private static final class Factory implements WsExtensionFactory {
        final String name;
        final int rsv;
        final IntUnaryOperator out;
        final IntUnaryOperator in;
        final List<ByteMap> made = new ArrayList<>();

        Factory(String name, int rsv, IntUnaryOperator out, IntUnaryOperator in) {
            this.name = name;
            this.rsv = rsv;
            this.out = out;
            this.in = in;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<ExtensionParams> clientOffers() {
            return List.of(ExtensionParams.of(name));
        }

        @Override
        public WsExtension acceptOffer(List<ExtensionParams> offers, Role role) {
            return offers.isEmpty() ? null : make();
        }

        @Override
        public WsExtension acceptResponse(ExtensionParams response, Role role) {
            return make();
        }

        private ByteMap make() {
            ByteMap m = new ByteMap(name, rsv, out, in);
            made.add(m);
            return m;
        }
    }

    private final Factory xor = new Factory("x-xor", 0x20, b -> b ^ 0x55, b -> b ^ 0x55);
    private final Factory add = new Factory("x-add", 0x10, b -> (b + 1) & 0xFF, b -> (b - 1) & 0xFF);

    private TestSupport.Pair open() {
        WsConfig config = WsConfig.builder().extensions(List.of(xor, add)).build();
        TestSupport.Pair p = TestSupport.open(config);
        assertEquals(List.of(ExtensionParams.of("x-xor"), ExtensionParams.of("x-add")),
                p.client().handshake().extensions());
        return p;
    }

    @Test
    void appliedInNegotiationOrderOutAndReversedIn() {
        TestSupport.Pair p = open();
        byte[] wire = bytes(p.server().send(BinaryMessage.of(new byte[] {0x00, 0x10, (byte) 0xFF})));
        // ((b ^ 0x55) + 1): 00 -> 56, 10 -> 46, FF -> AB; RSV2 | RSV3 on the (only) frame.
        assertArrayEquals(TestSupport.hex("B2 03 56 46 AB"), wire);
        assertEquals(List.of(BinaryMessage.of(new byte[] {0x00, 0x10, (byte) 0xFF})),
                p.client().receive(ByteBuffer.wrap(wire)));
    }

    @Test
    void fragmentedAndSplitMessagesPassFinOnlyAtTheEnd() {
        TestSupport.Pair p = open();
        ByteBuffer a = p.client().send(new MessageChunk(Opcode.BINARY, ByteBuffer.wrap(new byte[] {1, 2, 3}), true, false));
        ByteBuffer b = p.client().send(new MessageChunk(Opcode.BINARY, ByteBuffer.wrap(new byte[] {4, 5}), false, true));
        assertEquals(0x32, a.get(0) & 0xFF, "RSV bits and opcode on the first frame");
        assertEquals(0x80, b.get(0) & 0xFF, "no RSV bits on the continuation");
        byte[] wire = TestSupport.concat(bytes(a), bytes(b));
        List<WsEvent> events = TestSupport.feedBytewise(p.server(), wire);
        assertEquals(List.of(BinaryMessage.of(new byte[] {1, 2, 3, 4, 5})), events);
        ByteMap serverAdd = add.made.get(0);
        assertTrue(serverAdd.decodeFins.size() >= 2);
        assertEquals(1, serverAdd.decodeFins.stream().filter(f -> f).count(), "fin exactly once");
        assertTrue(serverAdd.decodeFins.get(serverAdd.decodeFins.size() - 1), "fin last");
    }

    @Test
    void rsvBitsOfAnExtensionAreAcceptedOnlyOnFirstDataFrames() {
        TestSupport.Pair p = open();
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> p.server().receive(
                ByteBuffer.wrap(TestSupport.clientFrame(0xA9, new byte[0], TestSupport.KEY))));
        assertEquals(Violation.RESERVED_BITS, e.violation());
    }

    /**
     * The engine knows a per-message compression extension by its type, not by its name: an extension merely
     * named permessage-deflate that claims RSV1 gets RSV1 on a control frame refused as a reserved bit, not as a
     * compressed control frame (RFC 7692 section 6.1 is the rule of compression extensions).
     */
    @Test
    void compressedControlIsTheRuleOfCompressionExtensionsNotOfAName() {
        Factory named = new Factory("permessage-deflate", 0x40, b -> b, b -> b);
        TestSupport.Pair p = TestSupport.open(WsConfig.builder().extensions(List.of(named)).build());
        assertEquals(List.of(ExtensionParams.of("permessage-deflate")), p.client().handshake().extensions());
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> p.server().receive(
                ByteBuffer.wrap(TestSupport.clientFrame(0xC9, new byte[0], TestSupport.KEY))));
        assertEquals(Violation.RESERVED_BITS, e.violation());
        assertEquals("The RSV bits of a control frame are set without a negotiated extension that defines them "
                + "(RFC 6455 section 5.2).", e.getMessage());
    }

    @Test
    void releaseReleasesEveryExtensionOnce() {
        TestSupport.Pair p = open();
        p.server().release();
        p.server().release();
        p.client().release();
        for (Factory f : List.of(xor, add)) {
            for (ByteMap m : f.made) {
                assertEquals(1, m.released, f.name);
            }
        }
    }
}
