package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.SessionPort;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.Role;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * What the topics of {@code dev.wscodec.vertx.topics} need of a session's connection: its context, its codec, the
 * state of its socket's buffers, and a send of prepared frames. Everything but {@link #of} and {@link #context()}
 * is called on the connection's context.
 */
public final class SessionOutlet {

    private final SessionImpl session;
    private final SessionPort port;
    private final DeflateConfig preparedDeflate;

    private SessionOutlet(SessionImpl session) {
        this.session = session;
        this.port = session.port();
        this.preparedDeflate = preparedDeflate(port, session);
    }

    /**
     * The outlet of a session made by this bridge.
     *
     * @throws IllegalArgumentException for a session of another implementation
     */
    public static SessionOutlet of(WsSession session) {
        if (!(session instanceof SessionImpl s)) {
            throw new IllegalArgumentException("The session " + session + " was not made by this bridge's WsServer or "
                    + "WsClient, so it cannot subscribe to topics.");
        }
        return new SessionOutlet(s);
    }

    /**
     * The server's permessage-deflate settings when the connection negotiated it with a fresh compression context
     * per message ({@code server_no_context_takeover}, RFC 7692 §7.1.1.1), so that a frame compressed once fits;
     * else {@code null}.
     */
    private static DeflateConfig preparedDeflate(SessionPort port, SessionImpl session) {
        DeflateConfig config = port.codecConfig().deflate();
        if (config == null || session.role() != Role.SERVER) {
            return null;
        }
        for (ExtensionParams e : session.extensions()) {
            if (e.name().equalsIgnoreCase("permessage-deflate")) {
                for (ExtensionParams.Param p : e.params()) {
                    if (p.name().equalsIgnoreCase("server_no_context_takeover")) {
                        return config;
                    }
                }
            }
        }
        return null;
    }

    public WsSession session() {
        return session;
    }

    /** The context the connection runs on. */
    public Context context() {
        return port.context();
    }

    /** Runs {@code task} on the connection's context (at once when already there). */
    public void run(Runnable task) {
        port.run(task);
    }

    public WsCodecProvider provider() {
        return port.provider();
    }

    /** The deflate settings to prepare frames with for this connection, or {@code null} for plain frames only. */
    public DeflateConfig preparedDeflate() {
        return preparedDeflate;
    }

    /** Whether messages can still be sent. */
    public boolean isOpen() {
        return port.isOpen();
    }

    /** Bytes written to the connection and not yet taken by the socket. */
    public long queuedBytes() {
        return port.queuedBytes();
    }

    /**
     * Whether the socket's outbound buffer is below its high-water mark and no streamed message is being sent (no
     * other message may go between its fragments).
     */
    public boolean writable() {
        return port.writable() && !port.streaming();
    }

    /**
     * Completes once no streamed message is being sent and everything written so far was written to the socket
     * (fails when it closed first).
     */
    public Future<Void> whenWritten() {
        if (!port.streaming()) {
            return port.whenWritten();
        }
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        port.run(() -> port.whenNoStream(() -> port.whenWritten().onComplete(p)));
        return p.future();
    }

    /** Sends a prepared message; {@code null} when written, else why not. */
    public Throwable send(PreparedMessage message) {
        return port.send(message);
    }

    /** Starts the close handshake with {@code status} (a no-op unless open). */
    public void close(CloseStatus status) {
        port.close(status);
    }

    /** Succeeds with the close status once the connection has ended. */
    public Single<CloseStatus> onClose() {
        return port.onClose();
    }
}
