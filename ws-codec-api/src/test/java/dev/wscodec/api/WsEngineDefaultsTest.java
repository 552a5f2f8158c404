package dev.wscodec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The default methods of {@link WsEngine}, on an engine that implements only the abstract ones. */
class WsEngineDefaultsTest {

    /** An engine whose {@code send} returns a fixed buffer, or throws when told to. */
    private static final class OneBufferEngine implements WsEngine {
        final ByteBuffer encoded = ByteBuffer.wrap(new byte[] {(byte) 0x82, 1, 42});
        final List<Outbound> sent = new ArrayList<>();
        boolean refuse;

        @Override
        public ByteBuffer send(Outbound frame) {
            if (refuse) {
                throw new WsUsageException("The connection is closed, so nothing more can be sent on it.");
            }
            sent.add(frame);
            return encoded;
        }

        @Override
        public Role role() {
            return Role.SERVER;
        }

        @Override
        public State state() {
            return State.OPEN;
        }

        @Override
        public ByteBuffer openingHandshake() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer pollOutput() {
            return null;
        }

        @Override
        public ByteBuffer accept(Accept accept) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ByteBuffer reject(HttpResponse response) {
            throw new UnsupportedOperationException();
        }

        @Override
        public WsEvent.HandshakeAccepted handshake() {
            return null;
        }

        @Override
        public Initiator closeInitiator() {
            return null;
        }

        @Override
        public CloseStatus closeStatus() {
            return null;
        }

        @Override
        public void release() {
        }
    }

    @Test
    void gatheringSendDefaultsToOneCallWithWhatSendReturns() {
        OneBufferEngine engine = new OneBufferEngine();
        BinaryMessage m = BinaryMessage.of(new byte[] {42});
        List<ByteBuffer> out = new ArrayList<>();
        engine.send(m, out::add);
        assertEquals(1, out.size());
        assertSame(engine.encoded, out.get(0));
        assertEquals(List.of(m), engine.sent);
    }

    @Test
    void gatheringSendAcceptsAConsumerOfASupertype() {
        OneBufferEngine engine = new OneBufferEngine();
        List<Object> out = new ArrayList<>();
        Consumer<Object> any = out::add;
        engine.send(TextMessage.of("hi"), any);
        assertEquals(1, out.size());
    }

    @Test
    void whenSendThrowsTheConsumerIsNotCalled() {
        OneBufferEngine engine = new OneBufferEngine();
        engine.refuse = true;
        List<ByteBuffer> out = new ArrayList<>();
        assertThrows(WsUsageException.class, () -> engine.send(TextMessage.of("hi"), out::add));
        assertTrue(out.isEmpty());
    }

    @Test
    void gatheringSendRejectsANullConsumer() {
        assertThrows(NullPointerException.class, () -> new OneBufferEngine().send(TextMessage.of("hi"), null));
    }
}
