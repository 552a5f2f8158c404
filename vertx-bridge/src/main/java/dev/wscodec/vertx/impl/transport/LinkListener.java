package dev.wscodec.vertx.impl.transport;

import java.nio.ByteBuffer;

/** What a connection hears from its {@link Link}; every call runs on the connection's context. */
public interface LinkListener {
    /** Bytes arrived; they are valid during the call only (the buffer goes back to Netty's pool after it). */
    void onRead(ByteBuffer data);

    /** TCP closed. */
    void onClosed();

    /** The socket failed; {@link #onClosed()} follows. */
    void onError(Throwable cause);

    /** The server or client is shutting down gracefully. */
    void onShutdown();

    /** The socket's outbound buffer fell below its low-water mark. */
    void onWritable();

    /** {@code bytes} were handed to {@link Link#write(ByteBuffer)} (for metrics). */
    void onWritten(int bytes);

    /** Bytes were left waiting for the socket after a flush (the peer reads slower than it is written to). */
    void onBacklog();

    /** A write failed: the link closed TCP at once, before anything else was written; {@link #onClosed()} follows. */
    void onWriteFailed(Throwable cause);
}
