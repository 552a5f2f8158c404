package dev.wscodec.vertx;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.HandshakeRequest;
import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsEvent;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.reactivestreams.Publisher;

/**
 * One open WebSocket connection, server or client side. All methods may be called from any thread; the work runs
 * on the connection's event loop ({@link #context()}). The returned Rx types are cold: nothing is sent or closed
 * until they are subscribed.
 *
 * <h2>Receiving</h2>
 * {@link #receive()} is the only way messages come in, and its demand drives reading: while the subscriber has no
 * outstanding {@code request(n)}, the socket is not read and TCP slows the peer. On the server, subscribe within
 * the {@link WsHandler} (before the Completable it returns is subscribed, as {@code session.send(session.receive())}
 * does): if the handler returns without having subscribed, the session reads anyway and drops messages until a
 * subscriber comes, so that a send-only handler still sees pongs and the peer's close. On the client nothing is
 * read until {@code receive()} is subscribed. After the subscriber cancels or while closing without one, further
 * data messages are read and dropped. Pings are answered, pongs and close frames handled internally.
 *
 * <h2>Sending</h2>
 * Sends are written in subscription order, message by message. {@link #send(Publisher)} requests from the
 * publisher only while the socket's write queue is not full. Every send also obeys
 * {@link WsServerOptions#getMaxQueuedOutboundBytes()}: a message that would grow the bytes written but not yet
 * flushed beyond it (while something is already queued) is not sent; the send fails with
 * {@link WsClosedException} (status 1008) and the session is closed with 1008 "The outbound queue limit was
 * exceeded." - the policy for a peer that does not read fast enough.
 */
public interface WsSession {

    /** Which end of the connection this session is. */
    Role role();

    /** The completed opening handshake: request, {@code 101} response, subprotocol and extensions. */
    WsEvent.HandshakeAccepted handshake();

    /** The opening handshake request (received by a server, sent by a client). */
    default HandshakeRequest request() {
        return handshake().request();
    }

    /** The negotiated subprotocol, or {@code null}. */
    default String subprotocol() {
        return handshake().subprotocol();
    }

    /** The negotiated extensions, in the order they apply. */
    default List<ExtensionParams> extensions() {
        return handshake().extensions();
    }

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** Whether the connection uses TLS. */
    boolean isSsl();

    /** The event loop context the connection runs on. */
    Context context();

    /**
     * The incoming messages: cold and unicast (a second subscriber gets an {@link IllegalStateException}),
     * honouring {@code request(n)} (a non-positive {@code n} signals {@link IllegalArgumentException}, Reactive
     * Streams §3.9). Completes after the peer's close frame (or after this side's close handshake finished),
     * fails with {@link dev.wscodec.api.WsProtocolException} when the peer broke the protocol and with
     * {@link WsClosedException} when the connection ended abruptly. Signals arrive on the connection's event loop.
     */
    Flowable<Message> receive();

    /**
     * Sends every message of {@code messages}, requesting them only while the socket's write queue has room.
     * Completes when the publisher completed and its last message was written to the socket; fails when the
     * publisher fails (the session stays open), or with {@link WsClosedException} when the session closes first.
     */
    Completable send(Publisher<? extends Message> messages);

    /** Sends one message. */
    Completable send(Message message);

    /**
     * The incoming messages as they arrive, each a {@link WsMessageStream} whose chunks are read on demand, for
     * messages too large to hold in memory (a file upload, a media stream): with
     * {@link dev.wscodec.api.WsConfig#streaming()} on in the session's options, a message of any size up to
     * {@link dev.wscodec.api.WsConfig#maxMessageSize()} passes through in bounded memory. A message is delivered
     * when its first bytes arrive; read its {@link WsMessageStream#chunks()} (or cancel them) for the next to come.
     * Same single subscription, demand, completion and failures as {@link #receive()}, which a streaming session
     * does not offer (it signals {@link IllegalStateException}). On a session that does not stream, each whole
     * message is delivered as a stream of one chunk.
     */
    Flowable<WsMessageStream> receiveStreams();

    /**
     * Sends one message of {@code opcode} (TEXT or BINARY) whose payload is the chunks of {@code chunks}, each
     * as one frame (RFC 6455 §5.4 fragments), and an empty final frame when the publisher completes: a message of
     * any size goes out in bounded memory, since chunks are requested one at a time while the socket's write queue
     * has room. Each buffer's bytes are copied into their frame as it arrives, so it may be reused after
     * {@code onNext} returns. Text is checked as UTF-8 on the way (a character may be split between chunks),
     * except the chunks of a received message, which were checked as they arrived.
     *
     * <p>Other sends wait while the message is being sent (no other message may go between its fragments).
     * Completes when the last frame was written to the socket. Fails, and the session stays open, when the
     * publisher fails before its first chunk. A message that cannot be finished once begun (the publisher fails,
     * the text is not UTF-8, the send is disposed) leaves the peer with half a message: the send fails and the
     * session is closed with 1011. The outbound limit applies to each chunk as to a message.
     */
    Completable sendStream(dev.wscodec.api.Opcode opcode, Publisher<? extends java.nio.ByteBuffer> chunks);

    /** Sends {@code message} as it is read (an echo): {@code sendStream(message.opcode(), message.chunks())}. */
    default Completable sendStream(WsMessageStream message) {
        return sendStream(message.opcode(), message.chunks());
    }

    /**
     * Sends a message prepared once for many sessions with
     * {@link dev.wscodec.api.spi.WsCodecProvider#prepare(Message, dev.wscodec.api.DeflateConfig)}: the engine
     * writes the prepared frame as it is where it fits this connection (see
     * {@link dev.wscodec.api.WsEngine#send(PreparedMessage, java.util.function.Consumer)}), else encodes the message
     * for it. Same completion, failures and outbound limit as {@link #send(Message)}. For fan-out to topics,
     * {@link dev.wscodec.vertx.topics.WsTopics} does this (and bounds slow subscribers) already. The default
     * implementation sends {@link PreparedMessage#message()}.
     */
    default Completable send(PreparedMessage message) {
        return send(message.message());
    }

    /** Sends one text message. */
    Completable sendText(String text);

    /**
     * The text of the incoming text messages: {@link #receive()} without its binary messages (they are read and
     * dropped), for the common case of a text protocol. The same single subscription as {@code receive()}.
     */
    default Flowable<String> receiveText() {
        return receive().ofType(TextMessage.class).map(TextMessage::text);
    }

    /** Sends every string of {@code texts} as a text message, as {@link #send(Publisher)} does. */
    default Completable sendText(Publisher<String> texts) {
        Objects.requireNonNull(texts, "texts");
        return send(Flowable.fromPublisher(texts).map(TextMessage::of));
    }

    /** Sends one binary message holding a copy of {@code data}. */
    Completable sendBinary(byte[] data);

    /** Sends one binary message holding a copy of {@code data}. */
    Completable sendBinary(Buffer data);

    /**
     * Starts the close handshake with this status (RFC 6455 §7.1.2) and completes when the connection has ended:
     * the peer answered and TCP is closed, or the close timeout forced TCP closed. Completes at once if the
     * session already ended.
     */
    Completable close(int code, String reason);

    /** {@code close(1000, "")}. */
    default Completable close() {
        return close(CloseStatus.NORMAL_CLOSURE, "");
    }

    /**
     * The close status once known: the peer's if it closed first, this side's if it closed first or failed the
     * connection, {@link CloseStatus#ABNORMAL} if the connection ended without a close handshake.
     */
    Optional<CloseStatus> closeStatus();

    /** Succeeds with the final {@link #closeStatus()} when the connection has ended (TCP closed). Hot, cached. */
    Single<CloseStatus> onClose();

    /** Whether messages can still be sent (the close handshake has not started). */
    boolean isOpen();
}
