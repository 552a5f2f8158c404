package dev.wscodec.vertx.impl.rx;

import dev.wscodec.api.Opcode;
import dev.wscodec.vertx.WsMessageStream;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.LoggerFactory;

/**
 * One streamed message of a {@link StreamInbound}: its chunks, queued until requested (at most one nobody asked
 * for, since the connection reads for this message only while {@link #wantsData()}). The chunks publisher is cold
 * and unicast; a cancelled one drops the rest of the message as it is read. Used on the connection's context only.
 */
final class StreamedMessage extends Flowable<ByteBuffer> implements WsMessageStream {

    private final Opcode opcode;
    private final Inbound.Source source;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(2);
    private Subscriber<? super ByteBuffer> subscriber;
    private boolean subscribedOnce;
    private boolean cancelled;
    private boolean discardUnsubscribed;
    private boolean delivered;
    private long demand;
    /** The last chunk arrived. */
    private boolean ended;
    private Throwable error;
    private boolean terminated;
    private int wip;

    StreamedMessage(Opcode opcode, Inbound.Source source) {
        this.opcode = opcode;
        this.source = source;
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
    protected void subscribeActual(Subscriber<? super ByteBuffer> s) {
        source.run(() -> {
            if (subscribedOnce) {
                s.onSubscribe(Inbound.NoSubscription.INSTANCE);
                s.onError(new IllegalStateException("A message's chunks() allows a single subscriber; this "
                        + "message's chunks are already subscribed to."));
                return;
            }
            subscribedOnce = true;
            subscriber = s;
            s.onSubscribe(new Sub());
            drain();
            source.onDemandChanged();
        });
    }

    private final class Sub implements Subscription {
        @Override
        public void request(long n) {
            source.run(() -> {
                if (cancelled || terminated) {
                    return;
                }
                if (n <= 0) {
                    // Reactive Streams §3.9; the rest of the message is dropped as it is read.
                    error = new IllegalArgumentException(
                            "Reactive Streams §3.9: request(n) needs a positive n but got " + n + ".");
                    queue.clear();
                    cancelled = true;
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                drain();
                source.onDemandChanged();
            });
        }

        @Override
        public void cancel() {
            source.run(() -> {
                cancelled = true;
                subscriber = null;
                queue.clear();
                source.onDemandChanged();
            });
        }
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
                    terminated = true;
                    subscriber = null;
                    if (error != null) {
                        s.onError(error);
                    } else {
                        s.onComplete();
                    }
                }
            }
            if (--wip == 0) {
                return;
            }
            wip = 1;
        }
    }
}
