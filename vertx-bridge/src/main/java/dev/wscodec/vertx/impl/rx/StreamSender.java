package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.SessionPort;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import io.reactivex.rxjava3.core.CompletableObserver;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes one message whose payload comes from a publisher of chunks, each chunk as one frame (RFC 6455 §5.4: the
 * first with the message's opcode, then continuations) and an empty final frame when the publisher completes. It
 * requests one chunk at a time, only while the socket's write queue has room, so memory stays bounded whatever the
 * message's size. A text message's bytes are checked as UTF-8 on the way (a character may span chunks), unless they
 * are the validated chunks of a received message.
 *
 * <p>Once its first frame is written the message owns the connection's data lane: other sends wait until its last
 * frame. A message that cannot be finished (the publisher fails or sends invalid UTF-8, or the send is disposed
 * after its first frame) leaves the peer with half a message, so the session is closed with 1011.
 */
final class StreamSender extends PacedSubscriber<ByteBuffer> {

    private final Opcode opcode;
    private final Utf8Chunks utf8;
    private boolean started;
    private long length;

    StreamSender(SessionPort port, CompletableObserver observer, Opcode opcode, boolean validated) {
        super(port, observer, "The session closed before the message was sent.");
        this.opcode = Objects.requireNonNull(opcode, "opcode");
        if (opcode != Opcode.TEXT && opcode != Opcode.BINARY) {
            throw new IllegalArgumentException("A streamed message is TEXT or BINARY, not " + opcode + ".");
        }
        this.utf8 = opcode == Opcode.TEXT && !validated ? new Utf8Chunks() : null;
    }

    @Override
    public void onNext(ByteBuffer chunk) {
        Objects.requireNonNull(chunk, "chunk");
        port.run(() -> {
            if (done || disposed) {
                return;
            }
            if (chunk.hasRemaining()) {
                if (utf8 != null && !utf8.next(chunk, null)) {
                    fail(new IllegalArgumentException("The streamed text message is not valid UTF-8 (RFC 6455 "
                            + "section 8.1); the session is closed with 1011."), true);
                    return;
                }
                if (!write(chunk, false)) {
                    return;
                }
            }
            requestNext();
        });
    }

    /** Writes one frame; on a refusal fails the send (the session is closing, or closes for the outbound limit). */
    private boolean write(ByteBuffer chunk, boolean last) {
        int n = chunk.remaining();
        Throwable refused = port.sendChunk(this, new MessageChunk(opcode, chunk, !started, last));
        if (refused != null) {
            fail(refused, false);
            return false;
        }
        started = true;
        length += n;
        return true;
    }

    @Override
    public void onError(Throwable t) {
        port.run(() -> {
            if (!done) {
                fail(t, true);
            }
        });
    }

    @Override
    public void onComplete() {
        port.run(() -> {
            if (done) {
                return;
            }
            if (utf8 != null && !utf8.end()) {
                fail(new IllegalArgumentException("The streamed text message ends inside a UTF-8 character (RFC "
                        + "6455 section 8.1); the session is closed with 1011."), true);
                return;
            }
            port.whenWritable(this, () -> {
                if (done) {
                    return;
                }
                if (!write(ByteBuffer.allocate(0), true)) {
                    return;
                }
                done = true;
                port.messageSent(length);
                port.whenWritten().onComplete(ar -> {
                    if (ar.succeeded()) {
                        observer.onComplete();
                    } else {
                        observer.onError(port.closedException("The connection closed before the message was "
                                + "written: " + ar.cause()));
                    }
                });
            });
        });
    }

    /** Ends the send with {@code t} and abandons a begun message (the lane is released, no 1011). */
    @Override
    void fail(Throwable t) {
        fail(t, false);
    }

    /**
     * Ends the send with {@code t}; cancels the publisher. A message already begun cannot end well: when
     * {@code closeHalf}, the session is closed with 1011, and the lane is released either way.
     */
    private void fail(Throwable t, boolean closeHalf) {
        abandon(closeHalf);
        super.fail(t);
    }

    private void abandon(boolean closeHalf) {
        if (started) {
            port.releaseLane(this);
            if (closeHalf) {
                port.close(CloseStatus.of(CloseStatus.INTERNAL_ERROR, "A message could not be finished."));
            }
        }
    }

    @Override
    public void dispose() {
        super.dispose();
        port.run(() -> {
            if (!done) {
                done = true;
                abandon(true);
            }
        });
    }
}
