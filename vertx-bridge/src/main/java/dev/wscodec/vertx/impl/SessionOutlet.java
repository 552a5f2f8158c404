package dev.wscodec.vertx.impl;

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
    private final Connection conn;
    private final DeflateConfig preparedDeflate;

    private SessionOutlet(SessionImpl session) {
        this.session = session;
        this.conn = session.connection();
        this.preparedDeflate = preparedDeflate(conn, session);
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
    private static DeflateConfig preparedDeflate(Connection conn, SessionImpl session) {
        DeflateConfig config = conn.settings.config().deflate();
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
        return conn.ctx;
    }

    /** Runs {@code task} on the connection's context (at once when already there). */
    public void run(Runnable task) {
        conn.run(task);
    }

    public WsCodecProvider provider() {
        return conn.settings.provider();
    }

    /** The deflate settings to prepare frames with for this connection, or {@code null} for plain frames only. */
    public DeflateConfig preparedDeflate() {
        return preparedDeflate;
    }

    /** Whether messages can still be sent. */
    public boolean isOpen() {
        return conn.isOpen();
    }

    /** Bytes written to the connection and not yet taken by the socket. */
    public long queuedBytes() {
        return conn.outbox.queued();
    }

    /**
     * Whether the socket's outbound buffer is below its high-water mark and no streamed message is being sent (no
     * other message may go between its fragments).
     */
    public boolean writable() {
        return conn.outbox.writable() && !conn.outbox.streaming();
    }

    /**
     * Completes once no streamed message is being sent and everything written so far was written to the socket
     * (fails when it closed first).
     */
    public Future<Void> whenWritten() {
        if (!conn.outbox.streaming()) {
            return conn.link.whenWritten();
        }
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        conn.run(() -> conn.outbox.whenNoStream(() -> conn.link.whenWritten().onComplete(p)));
        return p.future();
    }

    /** Sends a prepared message; {@code null} when written, else why not. */
    public Throwable send(PreparedMessage message) {
        return conn.outbox.sendPrepared(message);
    }

    /** Starts the close handshake with {@code status} (a no-op unless open). */
    public void close(CloseStatus status) {
        conn.startClose(status);
    }

    /** Succeeds with the close status once the connection has ended. */
    public Single<CloseStatus> onClose() {
        return conn.closed.hide();
    }
}
