package dev.wscodec.vertx;

import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Vert.x {@link Future}s as cold RxJava types: the future is made on subscription. */
final class Rx {

    private Rx() {
    }

    static <T> Single<T> single(Supplier<Future<T>> future) {
        return Single.create(emitter -> future.get().onComplete(ar -> {
            if (ar.succeeded()) {
                emitter.onSuccess(ar.result());
            } else {
                emitter.tryOnError(ar.cause());
            }
        }));
    }

    static Completable completable(Supplier<Future<Void>> future) {
        return Completable.create(emitter -> future.get().onComplete(ar -> {
            if (ar.succeeded()) {
                emitter.onComplete();
            } else {
                emitter.tryOnError(ar.cause());
            }
        }));
    }
}
