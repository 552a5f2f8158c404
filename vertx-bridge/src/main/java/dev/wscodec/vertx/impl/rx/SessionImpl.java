package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.SessionPort;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.WsMessageStream;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.CompletableObserver;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.reactivestreams.Publisher;

/** The {@link WsSession} of one open connection: Rx entry points that hop onto the connection's context. */
final class SessionImpl implements WsSession {

    private final SessionPort port;
    private final WsEvent.HandshakeAccepted handshake;

    SessionImpl(SessionPort port, WsEvent.HandshakeAccepted handshake) {
        this.port = port;
        this.handshake = handshake;
    }

    /** The connection behind this session (for the topics of {@link SessionOutlet}). */
    SessionPort port() {
        return port;
    }

    @Override
    public Role role() {
        return port.role();
    }

    @Override
    public WsEvent.HandshakeAccepted handshake() {
        return handshake;
    }

    @Override
    public SocketAddress remoteAddress() {
        return port.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return port.localAddress();
    }

    @Override
    public boolean isSsl() {
        return port.isSsl();
    }

    @Override
    public Context context() {
        return port.context();
    }

    @Override
    public Flowable<Message> receive() {
        if (port.inbound() instanceof Inbound whole) {
            return whole;
        }
        return Flowable.error(new IllegalStateException("This session streams messages (WsConfig.streaming() is on): "
                + "receive them with receiveStreams()."));
    }

    @Override
    public Flowable<WsMessageStream> receiveStreams() {
        if (port.inbound() instanceof StreamInbound streams) {
            return streams;
        }
        return ((Inbound) port.inbound()).map(WholeMessageStream::new);
    }

    @Override
    public Completable sendStream(Opcode opcode, Publisher<? extends ByteBuffer> chunks) {
        Objects.requireNonNull(opcode, "opcode");
        Objects.requireNonNull(chunks, "chunks");
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            return Completable.error(new IllegalArgumentException(
                    "A streamed message is TEXT or BINARY, not " + opcode + "."));
        }
        // The chunks of a received text message were validated as they arrived: not checked again.
        boolean validated = chunks instanceof StreamedMessage || chunks instanceof WholeMessageStream.Chunks;
        return new Completable() {
            @Override
            protected void subscribeActual(CompletableObserver observer) {
                StreamSender sender = new StreamSender(port, observer, opcode, validated);
                observer.onSubscribe(sender);
                Flowable.fromPublisher(chunks).subscribe(sender);
            }
        };
    }

    @Override
    public Completable send(Publisher<? extends Message> messages) {
        Objects.requireNonNull(messages, "messages");
        return new Completable() {
            @Override
            protected void subscribeActual(CompletableObserver observer) {
                Sender sender = new Sender(port, observer);
                observer.onSubscribe(sender);
                Flowable.fromPublisher(messages).subscribe(sender);
            }
        };
    }

    @Override
    public Completable send(Message message) {
        Objects.requireNonNull(message, "message");
        return sendOne(() -> port.send(message));
    }

    @Override
    public Completable send(PreparedMessage message) {
        Objects.requireNonNull(message, "message");
        return sendOne(() -> port.send(message));
    }

    /** Runs {@code send} on the connection's context; completes once what it wrote was written to the socket. */
    private Completable sendOne(java.util.function.Supplier<Throwable> send) {
        return Completable.create(emitter -> port.run(() -> port.whenNoStream(() -> {
            Throwable refused = send.get();
            Future<Void> f = refused == null ? port.whenWritten() : Future.failedFuture(refused);
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    emitter.onComplete();
                } else if (ar.cause() instanceof RuntimeException r
                        && !(ar.cause() instanceof io.vertx.core.VertxException)) {
                    emitter.tryOnError(r);
                } else {
                    emitter.tryOnError(port.closedException("The connection closed before the message was written: "
                            + ar.cause()));
                }
            });
        })));
    }

    @Override
    public Completable sendText(String text) {
        return send(TextMessage.of(text));
    }

    @Override
    public Completable sendBinary(byte[] data) {
        return send(BinaryMessage.of(data));
    }

    @Override
    public Completable sendBinary(Buffer data) {
        return send(BinaryMessage.wrap(data.getBytes()));
    }

    @Override
    public Completable close(int code, String reason) {
        String r = reason == null ? "" : reason;
        if (!CloseStatus.isValidOnWire(code)) {
            return Completable.error(new IllegalArgumentException(
                    "The close code " + code + " may not be sent (RFC 6455 section 7.4)."));
        }
        String tooLong = CloseStatus.reasonTooLong(r);
        if (tooLong != null) {
            return Completable.error(new IllegalArgumentException(tooLong));
        }
        return Completable.create(emitter -> port.run(() -> {
            port.close(CloseStatus.of(code, r));
            port.onClose().subscribe(st -> emitter.onComplete(), emitter::tryOnError);
        }));
    }

    @Override
    public Optional<CloseStatus> closeStatus() {
        return Optional.ofNullable(port.closeStatus());
    }

    @Override
    public Single<CloseStatus> onClose() {
        return port.onClose();
    }

    @Override
    public boolean isOpen() {
        return port.isOpen();
    }

    @Override
    public String toString() {
        return "WsSession[" + role() + ", " + port.remoteAddress() + "]";
    }
}
