package dev.wscodec.vertx.impl.rx;

import dev.wscodec.vertx.impl.connection.SessionPort;

import dev.wscodec.api.Message;
import io.reactivex.rxjava3.core.CompletableObserver;
import java.util.Objects;

/**
 * Writes the messages of one {@code send(Publisher)}: requests one message at a time, and the next only while the
 * socket's write queue has room (resuming on drain). Completes when the publisher completed and its last message
 * was written; a failed write cancels the publisher and fails the send.
 */
final class Sender extends PacedSubscriber<Message> {

    private boolean sent;

    Sender(SessionPort port, CompletableObserver observer) {
        super(port, observer, "The session closed before all messages were sent.");
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
}
