package dev.wscodec.vertx.impl.rx;

import io.reactivex.rxjava3.core.Flowable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * What the inbound publishers ({@link Inbound}, {@link StreamInbound}, {@link StreamedMessage}) share: a cold,
 * unicast publisher whose state lives on the connection's context. A second subscriber is refused with an
 * {@link IllegalStateException}; {@code request(n)} adds to {@link #demand} (a non-positive {@code n} goes to
 * {@link #onBadRequest}, Reactive Streams §3.9) and {@code cancel()} to {@link #onCancel}; after each, the subclass
 * {@link #drain()}s and the connection hears that demand changed. Calls from other threads hop onto the context.
 */
abstract class UnicastPublisher<T> extends Flowable<T> {

    final Inbound.Source source;
    private final String refusal;
    Subscriber<? super T> subscriber;
    boolean subscribedOnce;
    boolean cancelled;
    boolean terminated;
    long demand;

    UnicastPublisher(Inbound.Source source, String refusal) {
        this.source = source;
        this.refusal = refusal;
    }

    /** Delivers what is due; reentrant calls must be safe. */
    abstract void drain();

    /** A non-positive {@code request(n)}: signal {@code error} (Reactive Streams §3.9). */
    abstract void onBadRequest(IllegalArgumentException error);

    /** The subscriber cancelled ({@link #cancelled} is set, {@link #subscriber} cleared). */
    abstract void onCancel();

    /** Ends the subscription of {@code s} (the subscriber) with {@code error}, or completes it if that is null. */
    final void terminate(Subscriber<? super T> s, Throwable error) {
        terminated = true;
        subscriber = null;
        if (error != null) {
            s.onError(error);
        } else {
            s.onComplete();
        }
    }

    @Override
    protected final void subscribeActual(Subscriber<? super T> s) {
        source.run(() -> {
            if (subscribedOnce) {
                s.onSubscribe(NoSubscription.INSTANCE);
                s.onError(new IllegalStateException(refusal));
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
            if (source.onContext()) {
                onRequest(n); // the common case (request(1) from onNext): no task allocated per message
            } else {
                source.run(() -> onRequest(n));
            }
        }

        private void onRequest(long n) {
            if (cancelled || terminated) {
                return;
            }
            if (n <= 0) {
                onBadRequest(new IllegalArgumentException(
                        "Reactive Streams §3.9: request(n) needs a positive n but got " + n + "."));
            } else {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
            drain();
            source.onDemandChanged();
        }

        @Override
        public void cancel() {
            source.run(() -> {
                cancelled = true;
                subscriber = null;
                onCancel();
                source.onDemandChanged();
            });
        }
    }

    /** What a refused second subscriber gets before its error. */
    enum NoSubscription implements Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
