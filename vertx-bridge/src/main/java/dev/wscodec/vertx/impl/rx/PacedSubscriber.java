package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.SessionPort;
import io.reactivex.rxjava3.core.CompletableObserver;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;

/**
 * What {@link Sender} and {@link StreamSender} share: a subscriber that requests one element at a time, and the next
 * only once the connection has room for it ({@link SessionPort#whenWritable}), reporting to a
 * {@link CompletableObserver}; disposing cancels the publisher.
 */
abstract class PacedSubscriber<T> implements FlowableSubscriber<T>, Disposable {

    final SessionPort port;
    final CompletableObserver observer;
    private final AtomicReference<Subscription> upstream = new AtomicReference<>();
    private final String closedMessage;
    volatile boolean disposed;
    /** The send has ended (completed or failed); used on the connection's context. */
    boolean done;

    PacedSubscriber(SessionPort port, CompletableObserver observer, String closedMessage) {
        this.port = port;
        this.observer = observer;
        this.closedMessage = closedMessage;
    }

    @Override
    public final void onSubscribe(Subscription s) {
        if (!upstream.compareAndSet(null, s)) {
            s.cancel();
            return;
        }
        if (disposed) {
            s.cancel();
            return;
        }
        port.run(this::requestNext);
    }

    /** Requests the next element once the connection can take it; fails the send if it closed first. */
    final void requestNext() {
        if (done || disposed) {
            return;
        }
        port.whenWritable(this, () -> {
            if (done || disposed) {
                return;
            }
            if (port.isClosed()) {
                fail(port.closedException(closedMessage));
                return;
            }
            upstream.get().request(1);
        });
    }

    /** Ends the send with {@code t}: the publisher is cancelled. */
    void fail(Throwable t) {
        done = true;
        cancelUpstream();
        observer.onError(t);
    }

    final void cancelUpstream() {
        Subscription s = upstream.get();
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void dispose() {
        disposed = true;
        cancelUpstream();
    }

    @Override
    public final boolean isDisposed() {
        return disposed;
    }
}
