package dev.wscodec.vertx.impl;

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

/** The {@link WsSession} of one open {@link Connection}: Rx entry points that hop onto the connection's context. */
final class SessionImpl implements WsSession {

    private final Connection conn;
    private final WsEvent.HandshakeAccepted handshake;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final boolean ssl;

    SessionImpl(Connection conn, WsEvent.HandshakeAccepted handshake) {
        this.conn = conn;
        this.handshake = handshake;
        this.remote = conn.link.remoteAddress();
        this.local = conn.link.localAddress();
        this.ssl = conn.link.isSsl();
    }

    /** The connection behind this session (for the topics of {@link SessionOutlet}). */
    Connection connection() {
        return conn;
    }

    @Override
    public Role role() {
        return conn.engine.role();
    }

    @Override
    public WsEvent.HandshakeAccepted handshake() {
        return handshake;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public SocketAddress localAddress() {
        return local;
    }

    @Override
    public boolean isSsl() {
        return ssl;
    }

    @Override
    public Context context() {
        return conn.ctx;
    }

    @Override
    public Flowable<Message> receive() {
        if (conn.inbound instanceof Inbound whole) {
            return whole;
        }
        return Flowable.error(new IllegalStateException("This session streams messages (WsConfig.streaming() is on): "
                + "receive them with receiveStreams()."));
    }

    @Override
    public Flowable<WsMessageStream> receiveStreams() {
        if (conn.inbound instanceof StreamInbound streams) {
            return streams;
        }
        return ((Inbound) conn.inbound).map(WholeMessageStream::new);
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
                StreamSender sender = new StreamSender(conn, observer, opcode, validated);
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
                Sender sender = new Sender(conn, observer);
                observer.onSubscribe(sender);
                Flowable.fromPublisher(messages).subscribe(sender);
            }
        };
    }

    @Override
    public Completable send(Message message) {
        Objects.requireNonNull(message, "message");
        return sendOne(() -> conn.outbox.sendMessage(message));
    }

    @Override
    public Completable send(PreparedMessage message) {
        Objects.requireNonNull(message, "message");
        return sendOne(() -> conn.outbox.sendPrepared(message));
    }

    /** Runs {@code send} on the connection's context; completes once what it wrote was written to the socket. */
    private Completable sendOne(java.util.function.Supplier<Throwable> send) {
        return Completable.create(emitter -> conn.run(() -> conn.outbox.whenNoStream(() -> {
            Throwable refused = send.get();
            Future<Void> f = refused == null ? conn.link.whenWritten() : Future.failedFuture(refused);
            f.onComplete(ar -> {
                if (ar.succeeded()) {
                    emitter.onComplete();
                } else if (ar.cause() instanceof RuntimeException r
                        && !(ar.cause() instanceof io.vertx.core.VertxException)) {
                    emitter.tryOnError(r);
                } else {
                    emitter.tryOnError(conn.closedException("The connection closed before the message was written: "
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
        return Completable.create(emitter -> conn.run(() -> {
            conn.startClose(CloseStatus.of(code, r));
            conn.closed.subscribe(st -> emitter.onComplete(), emitter::tryOnError);
        }));
    }

    @Override
    public Optional<CloseStatus> closeStatus() {
        return Optional.ofNullable(conn.knownStatus());
    }

    @Override
    public Single<CloseStatus> onClose() {
        return conn.closed.hide();
    }

    @Override
    public boolean isOpen() {
        return conn.isOpen();
    }

    @Override
    public String toString() {
        return "WsSession[" + role() + ", " + remote + "]";
    }
}
