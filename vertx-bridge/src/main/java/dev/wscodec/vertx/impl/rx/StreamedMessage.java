package dev.wscodec.vertx.impl.rx;

import dev.wscodec.api.Opcode;
import dev.wscodec.vertx.WsMessageStream;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.reactivestreams.Subscriber;
import org.slf4j.LoggerFactory;

/**
 * One streamed message of a {@link StreamInbound}: its chunks, queued until requested (at most one nobody asked
 * for, since the connection reads for this message only while {@link #wantsData()}). The chunks publisher is cold
 * and unicast; a cancelled one drops the rest of the message as it is read. Used on the connection's context only.
 */
final class StreamedMessage extends UnicastPublisher<ByteBuffer> implements WsMessageStream {

    private final Opcode opcode;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(2);
    private boolean discardUnsubscribed;
    private boolean delivered;
    /** The last chunk arrived. */
    private boolean ended;
    private Throwable error;
    private int wip;

    StreamedMessage(Opcode opcode, Inbound.Source source) {
        super(source, "A message's chunks() allows a single subscriber; this message's chunks are already "
                + "subscribed to.");
        this.opcode = opcode;
    }

    @Override
    public Opcode opcode() {
        return opcode;
    }

    @Override
    public Flowable<ByteBuffer> chunks() {
        return this;
    }

    @Override
    public Flowable<String> text() {
        return Utf8Chunks.text(this);
    }

    /** The rest of the message is dropped as it is read. */
    @Override
    void onBadRequest(IllegalArgumentException e) {
        error = e;
        queue.clear();
        cancelled = true;
    }

    @Override
    void onCancel() {
        queue.clear();
    }

    boolean delivered() {
        return delivered;
    }

    void markDelivered() {
        delivered = true;
    }

    boolean ended() {
        return ended;
    }

    int queued() {
        return queue.size();
    }

    /** Whether the connection should read on for this message: its subscriber wants a chunk, or it is dropped. */
    boolean wantsData() {
        if (ended) {
            return false;
        }
        if (cancelled || terminated || (discardUnsubscribed && !subscribedOnce)) {
            return true;
        }
        return subscriber != null && demand > 0 && queue.isEmpty();
    }

    /** A piece of this message was read (an empty one is not delivered). */
    void add(ByteBuffer data, boolean last) {
        if (data.hasRemaining() && !cancelled && !terminated) {
            queue.add(data);
        }
        if (last) {
            ended = true;
        }
    }

    /** The connection ends, or failed, before this message did. */
    void fail(Throwable t) {
        if (error == null && !ended) {
            error = t;
            queue.clear();
        }
    }

    /** The session closes and nobody subscribed to this message's chunks: drop them, so the close is read. */
    void discardIfUnsubscribed() {
        discardUnsubscribed = true;
    }

    @Override
    void drain() {
        if (wip++ != 0) {
            return;
        }
        for (;;) {
            Subscriber<? super ByteBuffer> s = subscriber;
            if (s != null && !terminated) {
                while (demand > 0 && !queue.isEmpty() && subscriber != null && error == null) {
                    ByteBuffer b = queue.poll();
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                    try {
                        s.onNext(b);
                    } catch (Throwable t) {
                        LoggerFactory.getLogger(StreamedMessage.class).warn(
                                "A chunks() subscriber threw from onNext; its subscription is cancelled.", t);
                        cancelled = true;
                        subscriber = null;
                        queue.clear();
                        source.onDemandChanged();
                        break;
                    }
                }
                if (subscriber != null && (error != null || ended && queue.isEmpty())) {
                    terminate(s, error);
                }
            }
            if (--wip == 0) {
                return;
            }
            wip = 1;
        }
    }
}
