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

/** The {@link SessionPort} of one {@link Connection}: the application side's only way in. */
final class ConnectionPort implements SessionPort {

    private final Connection conn;
    private final SocketAddress remote;
    private final SocketAddress local;
    private final boolean ssl;

    ConnectionPort(Connection conn) {
        this.conn = conn;
        this.remote = conn.link.remoteAddress();
        this.local = conn.link.localAddress();
        this.ssl = conn.link.isSsl();
    }

    @Override
    public Context context() {
        return conn.ctx;
    }

    @Override
    public void run(Runnable task) {
        conn.run(task);
    }

    @Override
    public void onDemandChanged() {
        conn.pump();
    }

    @Override
    public Incoming inbound() {
        return conn.inbound;
    }

    @Override
    public Role role() {
        return conn.engine().role();
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
    public WsCodecProvider provider() {
        return conn.settings.provider();
    }

    @Override
    public WsConfig codecConfig() {
        return conn.settings.config();
    }

    @Override
    public boolean isOpen() {
        return conn.isOpen();
    }

    @Override
    public CloseStatus closeStatus() {
        return conn.knownStatus();
    }

    @Override
    public Single<CloseStatus> onClose() {
        return conn.closed.hide();
    }

    @Override
    public WsClosedException closedException(String message) {
        return conn.closedException(message);
    }

    @Override
    public Throwable send(Message message) {
        return conn.outbox.sendMessage(message);
    }

    @Override
    public Throwable send(PreparedMessage message) {
        return conn.outbox.sendPrepared(message);
    }

    @Override
    public Throwable sendChunk(Object sender, MessageChunk chunk) {
        return conn.outbox.sendChunk(sender, chunk);
    }

    @Override
    public void releaseLane(Object sender) {
        conn.outbox.releaseLane(sender);
    }

    @Override
    public boolean streaming() {
        return conn.outbox.streaming();
    }

    @Override
    public void whenWritable(Object sender, Runnable task) {
        conn.outbox.whenWritable(sender, task);
    }

    @Override
    public void whenNoStream(Runnable task) {
        conn.outbox.whenNoStream(task);
    }

    @Override
    public boolean writable() {
        return conn.outbox.writable();
    }

    @Override
    public long queuedBytes() {
        return conn.outbox.queued();
    }

    @Override
    public Future<Void> whenWritten() {
        return conn.link.whenWritten();
    }

    @Override
    public boolean isClosed() {
        return conn.life.state() == Lifecycle.State.CLOSED;
    }

    @Override
    public void messageSent(long payloadBytes) {
        conn.settings.metrics().messageSent(payloadBytes);
    }

    @Override
    public void close(CloseStatus status) {
        conn.startClose(status);
    }

    @Override
    public int undecodedBytes() {
        return conn.reader.undecodedBytes();
    }

    @Override
    public int queuedInbound() {
        return conn.inbound.queued();
    }
}
