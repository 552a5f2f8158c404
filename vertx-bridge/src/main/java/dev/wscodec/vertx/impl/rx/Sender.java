package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.SessionPort;

import dev.wscodec.api.Message;
import io.reactivex.rxjava3.core.CompletableObserver;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.reactivex.rxjava3.disposables.Disposable;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Subscription;

/**
 * Writes the messages of one {@code send(Publisher)}: requests one message at a time, and the next only while the
 * socket's write queue has room (resuming on drain). Completes when the publisher completed and its last message
 * was written; a failed write cancels the publisher and fails the send.
 */
final class Sender implements FlowableSubscriber<Message>, Disposable {

    private final SessionPort port;
    private final CompletableObserver observer;
    private final AtomicReference<Subscription> upstream = new AtomicReference<>();
    private volatile boolean disposed;
    private boolean done;
    private boolean sent;

    Sender(SessionPort port, CompletableObserver observer) {
        this.port = port;
        this.observer = observer;
    }

    @Override
    public void onSubscribe(Subscription s) {
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

    private void requestNext() {
        if (done || disposed) {
            return;
        }
        port.whenWritable(this, () -> {
            if (done || disposed) {
                return;
            }
            if (port.isClosed()) {
                fail(port.closedException("The session closed before all messages were sent."));
                return;
            }
            upstream.get().request(1);
        });
    }

    @Override
    public void onNext(Message message) {
        Objects.requireNonNull(message, "message");
        port.run(() -> {
            if (done || disposed) {
                return;
            }
            Throwable refused = port.send(message);
            if (refused != null) {
                fail(refused);
                return;
            }
            sent = true;
            requestNext();
        });
    }

    @Override
    public void onError(Throwable t) {
        port.run(() -> {
            if (!done) {
                done = true;
                observer.onError(t);
            }
        });
    }

    @Override
    public void onComplete() {
        port.run(() -> {
            if (done) {
                return;
            }
            done = true;
            if (!sent) {
                observer.onComplete();
            } else {
                port.whenWritten().onComplete(ar -> {
                    if (ar.succeeded()) {
                        observer.onComplete();
                    } else {
                        observer.onError(port.closedException("The connection closed before the last message was "
                                + "written: " + ar.cause()));
                    }
                });
            }
        });
    }

    private void fail(Throwable t) {
        done = true;
        Subscription s = upstream.get();
        if (s != null) {
            s.cancel();
        }
        observer.onError(t);
    }

    @Override
    public void dispose() {
        disposed = true;
        Subscription s = upstream.get();
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }
}
