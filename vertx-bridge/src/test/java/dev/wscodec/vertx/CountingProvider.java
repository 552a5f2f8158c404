package dev.wscodec.vertx;

import dev.wscodec.api.Accept;
import dev.wscodec.api.ClientHandshake;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Message;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.spi.WsCodecProvider;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The real RFC 6455 provider under the name {@value #NAME}, counting what it encodes: messages prepared once
 * ({@link #prepare}), data messages encoded per connection, and prepared frames sent as they are. A test
 * registers it for {@link java.util.ServiceLoader} in {@code META-INF/services}.
 */
public final class CountingProvider implements WsCodecProvider {

    static final String NAME = "counting";
    static final AtomicLong PREPARED = new AtomicLong();
    static final AtomicLong ENCODED_PER_CONNECTION = new AtomicLong();
    static final AtomicLong SENT_AS_PREPARED = new AtomicLong();

    /**
     * The real provider, looked up on first use: a lookup in the constructor would make every lookup that meets
     * this provider first instantiate it again, recursively.
     */
    private WsCodecProvider real;

    private synchronized WsCodecProvider real() {
        if (real == null) {
            real = WsCodecProvider.lookup(DEFAULT_NAME);
        }
        return real;
    }

    static void reset() {
        PREPARED.set(0);
        ENCODED_PER_CONNECTION.set(0);
        SENT_AS_PREPARED.set(0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> features() {
        return real().features();
    }

    @Override
    public WsEngine newServerEngine(WsConfig config) {
        return new Counting(real().newServerEngine(config));
    }

    @Override
    public WsEngine newClientEngine(WsConfig config, ClientHandshake handshake) {
        return new Counting(real().newClientEngine(config, handshake));
    }

    @Override
    public PreparedMessage prepare(Message message, DeflateConfig deflate) {
        PREPARED.incrementAndGet();
        return real().prepare(message, deflate);
    }

    /** Delegates everything; counts the encodings. */
    private static final class Counting implements WsEngine {
        private final WsEngine e;

        Counting(WsEngine e) {
            this.e = e;
        }

        @Override
        public Role role() {
            return e.role();
        }

        @Override
        public State state() {
            return e.state();
        }

        @Override
        public ByteBuffer openingHandshake() {
            return e.openingHandshake();
        }

        @Override
        public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
            e.receive(in, sink);
        }

        @Override
        public ByteBuffer pollOutput() {
            return e.pollOutput();
        }

        @Override
        public ByteBuffer accept(Accept accept) {
            return e.accept(accept);
        }

        @Override
        public ByteBuffer reject(HttpResponse response) {
            return e.reject(response);
        }

        @Override
        public ByteBuffer send(Outbound frame) {
            count(frame);
            return e.send(frame);
        }

        @Override
        public void send(Outbound frame, Consumer<? super ByteBuffer> out) {
            count(frame);
            e.send(frame, out);
        }

        @Override
        public boolean send(PreparedMessage prepared, Consumer<? super ByteBuffer> out) {
            boolean asIs = e.send(prepared, out);
            (asIs ? SENT_AS_PREPARED : ENCODED_PER_CONNECTION).incrementAndGet();
            return asIs;
        }

        private static void count(Outbound frame) {
            if (frame instanceof Message) {
                ENCODED_PER_CONNECTION.incrementAndGet();
            }
        }

        @Override
        public WsEvent.HandshakeAccepted handshake() {
            return e.handshake();
        }

        @Override
        public Initiator closeInitiator() {
            return e.closeInitiator();
        }

        @Override
        public CloseStatus closeStatus() {
            return e.closeStatus();
        }

        @Override
        public void release() {
            e.release();
        }
    }
}
