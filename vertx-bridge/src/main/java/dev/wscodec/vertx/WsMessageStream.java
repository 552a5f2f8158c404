package dev.wscodec.vertx;

import dev.wscodec.api.Opcode;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.ByteBuffer;

/**
 * One incoming message, delivered as it arrives instead of whole: its type at once, its payload as a
 * {@link Flowable} of chunks, so that a message of any size passes through in bounded memory (see
 * {@link WsSession#receiveStreams()}).
 *
 * <p>{@link #chunks()} is cold and unicast, and its demand drives reading: while its subscriber has no outstanding
 * {@code request(n)}, nothing more is read from the socket and TCP slows the peer. Subscribe to it, or cancel it
 * (the rest of the message is then read and dropped): a message whose chunks nobody subscribes to holds the
 * connection still, as a {@code receive()} subscriber that never requests does. Signals arrive on the session's
 * event loop.
 */
public interface WsMessageStream {

    /** {@link Opcode#TEXT} or {@link Opcode#BINARY}: the type of the whole message. */
    Opcode opcode();

    /** Whether this is a text message (its chunks hold UTF-8). */
    default boolean isText() {
        return opcode() == Opcode.TEXT;
    }

    /**
     * The payload, chunk by chunk, as it is read: read-only buffers, never empty, never reused (each may be kept).
     * Completes after the message's last byte; fails with {@link dev.wscodec.api.WsProtocolException} when the
     * peer broke the protocol inside the message (invalid UTF-8 in a text message, RFC 6455 §8.1, say) and with
     * {@link WsClosedException} when the connection ended before the message did. Text chunks hold UTF-8 that is
     * valid so far, validated as it arrives; a character may be split between two chunks (see {@link #text()}).
     * A second subscriber gets an {@link IllegalStateException}.
     */
    Flowable<ByteBuffer> chunks();

    /**
     * The chunks of a text message decoded to strings: a character split between two chunks is carried over to the
     * next string, so no string ends inside a character (a string may be empty). Fails with
     * {@link IllegalStateException} for a binary message.
     */
    Flowable<String> text();
}
