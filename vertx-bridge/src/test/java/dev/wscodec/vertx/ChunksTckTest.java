package dev.wscodec.vertx;

import dev.wscodec.api.Opcode;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.Completable;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;

/** The TCK against one message's {@link WsMessageStream#chunks()}: {@code count} one-byte fragments. */
public class ChunksTckTest extends SessionTck<ByteBuffer> {

    @Override
    Completable countdown(WsSession session, long n) {
        return session.sendStream(Opcode.BINARY,
                Flowable.rangeLong(0, n).map(i -> ByteBuffer.wrap(new byte[] {i.byteValue()})));
    }

    @Override
    WsConfig clientConfig() {
        return StreamingTest.STREAMING;
    }

    private WsMessageStream message(long elements) {
        return connect(elements).receiveStreams().firstOrError().timeout(10, TimeUnit.SECONDS).blockingGet();
    }

    @Override
    public Publisher<ByteBuffer> createPublisher(long elements) {
        return message(elements).chunks();
    }

    @Override
    public Publisher<ByteBuffer> createFailedPublisher() {
        WsMessageStream m = message(1);
        m.chunks().ignoreElements().onErrorComplete().subscribe();
        return m.chunks();
    }
}
