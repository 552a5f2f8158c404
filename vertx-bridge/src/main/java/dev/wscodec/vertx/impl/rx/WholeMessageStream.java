package dev.wscodec.vertx.impl.rx;

import dev.wscodec.api.Message;
import dev.wscodec.api.Opcode;
import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.WsMessageStream;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Subscriber;

/**
 * A whole received message seen as a {@link WsMessageStream}, for {@code receiveStreams()} on a session that does
 * not stream: its payload is one chunk (none when empty), and the unicast rule holds as for streamed messages.
 */
final class WholeMessageStream implements WsMessageStream {

    private final Message message;
    private final Chunks chunks;

    WholeMessageStream(Message message) {
        this.message = message;
        this.chunks = new Chunks(message);
    }

    @Override
    public Opcode opcode() {
        return message.opcode();
    }

    @Override
    public Flowable<ByteBuffer> chunks() {
        return chunks;
    }

    @Override
    public Flowable<String> text() {
        if (message instanceof TextMessage t) {
            return Flowable.just(t.text());
        }
        return Utf8Chunks.text(this);
    }

    /** The single chunk, for one subscriber. */
    static final class Chunks extends Flowable<ByteBuffer> {
        private final Message message;
        private final AtomicBoolean subscribed = new AtomicBoolean();

        Chunks(Message message) {
            this.message = message;
        }

        @Override
        protected void subscribeActual(Subscriber<? super ByteBuffer> s) {
            if (!subscribed.compareAndSet(false, true)) {
                s.onSubscribe(UnicastPublisher.NoSubscription.INSTANCE);
                s.onError(new IllegalStateException("A message's chunks() allows a single subscriber; this "
                        + "message's chunks are already subscribed to."));
                return;
            }
            ByteBuffer payload = message.payload();
            (payload.hasRemaining() ? Flowable.just(payload.asReadOnlyBuffer()) : Flowable.<ByteBuffer>empty())
                    .subscribe(s);
        }
    }
}
