package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.WsClosedException;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;

/**
 * All that the application side (the Rx layer, {@code impl.rx}, and the topics) may ask of one connection: where
 * it runs, what it is, sending under the outbound policy, and closing. {@link #run} and the facts marked so may be
 * called from any thread; everything else on the connection's context ({@link #context()}).
 */
public interface SessionPort {

    // ---- where it runs ----

    /** The event-loop context the connection runs on (any thread). */
    Context context();

    /** Runs {@code task} on the connection's context, at once when already there (any thread). */
    void run(Runnable task);

    /** The inbound side's demand or interest changed: the connection reads again if it now wants bytes. */
    void onDemandChanged();

    /** The inbound side the {@link Application} made for this connection. */
    Incoming inbound();

    // ---- what it is (any thread) ----

    Role role();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    boolean isSsl();

    /** The codec provider and configuration of the connection. */
    WsCodecProvider provider();

    WsConfig codecConfig();

    /** Whether messages can still be sent (the close handshake has not started). */
    boolean isOpen();

    /** The close status once known, else {@code null}. */
    CloseStatus closeStatus();

    /** Succeeds with the final close status once TCP closed; hot, cached. */
    Single<CloseStatus> onClose();

    /** An exception for a send or receive the connection's end made impossible, with the known status. */
    WsClosedException closedException(String message);

    // ---- sending (see Outbox) ----

    /** {@code null} when {@code message} was written, else why not (refused, or the outbound limit closed it). */
    Throwable send(Message message);

    /** {@code null} when the prepared frame (or the message, where it does not fit) was written, else why not. */
    Throwable send(PreparedMessage message);

    /** One frame of a streamed message of {@code sender}; its first takes the data lane until its last. */
    Throwable sendChunk(Object sender, MessageChunk chunk);

    /** The streamed message of {@code sender} ended or was abandoned: other sends may go on. */
    void releaseLane(Object sender);

    /** Whether a streamed message is being sent. */
    boolean streaming();

    /** Runs {@code task} once there is room and no other sender's streamed message is in progress (or TCP closed). */
    void whenWritable(Object sender, Runnable task);

    /** Runs {@code task} once no streamed message is in progress (or TCP closed). */
    void whenNoStream(Runnable task);

    /** Whether the socket's outbound buffer is below its high-water mark. */
    boolean writable();

    /** Bytes written and not yet taken by the socket. */
    long queuedBytes();

    /** Completes once everything written so far was written to the socket (fails when it closed first). */
    Future<Void> whenWritten();

    /** Whether TCP is closed: nothing can be sent any more. */
    boolean isClosed();

    /** A sent message's payload bytes, for the metrics (streamed messages, counted when they end). */
    void messageSent(long payloadBytes);

    /** Starts the close handshake with {@code status}; a no-op unless open. */
    void close(CloseStatus status);

    // ---- for tests ----

    /** Bytes read and not yet decoded. */
    int undecodedBytes();

    /** Messages or chunks decoded and not yet delivered. */
    int queuedInbound();
}
