package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.Incoming;

import dev.wscodec.api.Message;
import io.reactivex.rxjava3.core.Flowable;
import java.util.ArrayDeque;
import org.reactivestreams.Subscriber;
import org.slf4j.LoggerFactory;

/**
 * The {@code receive()} Flowable of one connection: cold, unicast, and the only buffer between the socket and the
 * application. The connection decodes, and reads, only while {@link #wantsData()} says so, so it holds at most one
 * message the subscriber has not requested. All state is touched on the connection's context only; Reactive Streams calls from
 * other threads hop onto it.
 */
public final class Inbound extends UnicastPublisher<Message> implements Incoming {

    /** The connection side: where to run, and whom to tell that demand or interest changed. */
    public interface Source {
        /** Runs {@code task} on the connection's context, at once if already there. */
        void run(Runnable task);

        /** Whether the calling thread runs on the connection's context (then {@link #run} would run at once). */
        boolean onContext();

        /** Demand, cancellation or a subscriber appeared: the connection may read again. */
        void onDemandChanged();
    }

    private final ArrayDeque<Message> queue = new ArrayDeque<>(1);
    private boolean discardUnsubscribed;
    private boolean done;
    private Throwable error;
    private int wip;

    public Inbound(Source source) {
        super(source, "receive() allows a single subscriber; this session's messages are already subscribed to.");
    }

    @Override
    void onBadRequest(IllegalArgumentException e) {
        error = e;
        done = true;
        queue.clear();
    }

    @Override
    void onCancel() {
        queue.clear();
    }

    /** Whether the connection should read: a subscriber wants more than is queued, or messages are being dropped. */
    @Override
    public boolean wantsData() {
        if (done) {
            return false;
        }
        if (isDiscarding()) {
            return true;
        }
        return subscriber != null && demand > 0 && queue.isEmpty();
    }

    /** Whether received messages are dropped: the subscriber cancelled, or the session closes without one. */
    public boolean isDiscarding() {
        return cancelled || terminated || (discardUnsubscribed && !subscribedOnce);
    }

    /**
     * Drop messages while nobody has subscribed, so that pings, pongs and the peer's close are still read: when the
     * session closes, and on the server when the handler returned without subscribing. A later subscriber gets the
     * messages that arrive from then on.
     */
    @Override
    public void discardIfUnsubscribed() {
        discardUnsubscribed = true;
    }

    /** Messages decoded and not yet delivered. */
    @Override
    public int queued() {
        return queue.size();
    }

    public boolean hasSubscriber() {
        return subscriber != null;
    }

    /** Whether anyone subscribed at all, even if it has cancelled or terminated since. */
    @Override
    public boolean wasSubscribed() {
        return subscribedOnce;
    }

    /** A decoded message; delivered by the next {@link #drain()}. */
    @Override
    public void offer(Message m) {
        if (!isDiscarding() && !done) {
            queue.add(m);
        }
    }

    /** Whole mode gets no chunks. */
    @Override
    public void offerChunk(dev.wscodec.api.MessageChunk c) {
        throw new IllegalStateException("A chunk reached the whole-message inbound: the engine streams messages.");
    }

    /** The clean end: completes after the queued messages were delivered. */
    @Override
    public void complete() {
        done = true;
    }

    /** The connection failed: the error is signalled at once, queued messages are dropped. */
    @Override
    public void fail(Throwable t) {
        if (!done) {
            done = true;
            error = t;
            queue.clear();
        }
    }

    /** Delivers queued messages while there is demand, then a terminal signal once all are delivered. */
    @Override
    public void drain() {
        if (wip++ != 0) {
            return;
        }
        for (;;) {
            Subscriber<? super Message> s = subscriber;
            if (s != null && !terminated) {
                while (demand > 0 && !queue.isEmpty() && subscriber != null) {
                    Message m = queue.poll();
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                    try {
                        s.onNext(m);
                    } catch (Throwable t) {
                        // Reactive Streams §2.13: a throwing onNext breaks the rules; treat the subscription as
                        // cancelled so that this connection goes on (dropping messages) and no other is affected.
                        String what = "A receive() subscriber threw from onNext; its subscription is cancelled.";
                        if (t instanceof Error) {
                            LoggerFactory.getLogger(Inbound.class).error(what, t);
                        } else {
                            LoggerFactory.getLogger(Inbound.class).warn(what, t);
                        }
                        cancelled = true;
                        subscriber = null;
                        queue.clear();
                        break;
                    }
                }
                if (done && queue.isEmpty() && subscriber != null && !terminated) {
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
