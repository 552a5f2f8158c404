package dev.wscodec.vertx;

import dev.wscodec.api.WsConfig;
import org.reactivestreams.Publisher;

/**
 * The Reactive Streams TCK against {@link WsSession#receiveStreams()} of a real streaming client connection. The TCK
 * never reads a message's chunks: a message whose last byte arrived lets the next one be read, so the stream still
 * flows.
 */
public class StreamsTckTest extends SessionTck<WsMessageStream> {

    @Override
    WsConfig clientConfig() {
        return StreamingTest.STREAMING;
    }

    @Override
    public Publisher<WsMessageStream> createPublisher(long elements) {
        return connect(elements).receiveStreams();
    }

    @Override
    public Publisher<WsMessageStream> createFailedPublisher() {
        WsSession session = connect(0);
        session.receiveStreams().ignoreElements().onErrorComplete().subscribe();
        return session.receiveStreams();
    }
}
