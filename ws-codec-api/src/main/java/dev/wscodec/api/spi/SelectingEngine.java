package dev.wscodec.api.spi;

import dev.wscodec.api.Accept;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.Outbound;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsUsageException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The engine of {@link ProviderSelection}: buffers the request head (up to {@link WsConfig#maxHandshakeSize()}),
 * then delegates everything to the chosen provider's engine. A head that grows past the limit goes to the first
 * provider, whose engine answers it as too large. Input that cannot be an HTTP request (see {@link
 * RequestLineCheck}: a TLS ClientHello, binary junk, a malformed request line) goes to the first provider as soon
 * as that is clear, not at the end of a head that may never come: its engine answers it at once, exactly as it does
 * when it serves the port alone.
 */
final class SelectingEngine implements WsEngine {

    private final List<WsCodecProvider> providers;
    private final WsConfig config;
    private final boolean secure;
    private final RequestLineCheck line = new RequestLineCheck();
    private byte[] head;
    private int size;
    private WsEngine delegate;

    SelectingEngine(List<WsCodecProvider> providers, WsConfig config, boolean secure) {
        this.providers = providers;
        this.config = config;
        this.secure = secure;
        this.head = new byte[Math.min(512, config.maxHandshakeSize())];
    }

    @Override
    public void receive(ByteBuffer in, Consumer<? super WsEvent> sink) {
        receiveWhile(in, sink, () -> true);
    }

    /**
     * The chosen engine's own {@code receiveWhile}, once the head chose it (the bytes read so far are always taken
     * whole: the head, or what showed that no request line is coming).
     */
    @Override
    public void receiveWhile(ByteBuffer in, Consumer<? super WsEvent> sink, BooleanSupplier more) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(more, "more");
        if (delegate == null) {
            WsCodecProvider chosen = readHead(in);
            if (chosen == null) {
                return;
            }
            delegate = chosen.newServerEngine(config, secure);
            ByteBuffer bytes = ByteBuffer.wrap(head, 0, size);
            head = null;
            try {
                delegate.receive(bytes, sink);
            } catch (RuntimeException e) {
                in.position(in.limit()); // the chosen engine failed the connection: the rest is ignored
                throw e;
            }
        }
        delegate.receiveWhile(in, sink, more);
    }

    /**
     * Takes head bytes; returns the provider chosen once the head is complete, else the first provider as soon as
     * the head is too large or cannot be a request, else null.
     */
    private WsCodecProvider readHead(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (size >= config.maxHandshakeSize()) {
                return providers.get(0); // too large: the first provider refuses it
            }
            if (size == head.length) {
                head = Arrays.copyOf(head, Math.min(config.maxHandshakeSize(), size * 2));
            }
            byte b = in.get();
            head[size++] = b;
            if (!line.accept(b)) {
                return providers.get(0); // not a request line: the first provider refuses it, as it would alone
            }
            // The head ends with an empty line: LF, then LF or CR LF (the chosen engine decides what is valid).
            if (b == '\n' && size >= 2 && (head[size - 2] == '\n'
                    || (size >= 3 && head[size - 2] == '\r' && head[size - 3] == '\n'))) {
                return ProviderSelection.choose(providers, head, size);
            }
        }
        return null;
    }

    @Override
    public Role role() {
        return Role.SERVER;
    }

    @Override
    public State state() {
        return delegate == null ? State.HANDSHAKE : delegate.state();
    }

    @Override
    public ByteBuffer openingHandshake() {
        throw new WsUsageException("A server engine does not send an opening handshake; it answers one with accept "
                + "or reject.");
    }

    @Override
    public ByteBuffer pollOutput() {
        return delegate == null ? null : delegate.pollOutput();
    }

    @Override
    public ByteBuffer accept(Accept accept) {
        return chosen("accept").accept(accept);
    }

    @Override
    public ByteBuffer reject(HttpResponse response) {
        return chosen("reject").reject(response);
    }

    @Override
    public ByteBuffer send(Outbound frame) {
        return chosen("send").send(frame);
    }

    @Override
    public void send(Outbound frame, Consumer<? super ByteBuffer> out) {
        chosen("send").send(frame, out);
    }

    @Override
    public boolean send(PreparedMessage prepared, Consumer<? super ByteBuffer> out) {
        return chosen("send").send(prepared, out);
    }

    @Override
    public boolean supportsPing() {
        return delegate == null || delegate.supportsPing();
    }

    @Override
    public WsEvent.HandshakeAccepted handshake() {
        return delegate == null ? null : delegate.handshake();
    }

    @Override
    public Initiator closeInitiator() {
        return delegate == null ? null : delegate.closeInitiator();
    }

    @Override
    public CloseStatus closeStatus() {
        return delegate == null ? null : delegate.closeStatus();
    }

    @Override
    public void release() {
        head = null;
        if (delegate != null) {
            delegate.release();
        }
    }

    private WsEngine chosen(String what) {
        if (delegate == null) {
            throw new WsUsageException("There is no request to " + what + " yet: the request head has not arrived.");
        }
        return delegate;
    }

    @Override
    public String toString() {
        return "SelectingEngine[" + (delegate == null ? "reading the request head" : delegate) + "]";
    }
}
