package dev.wscodec.vertx;

import dev.wscodec.api.Message;
import org.reactivestreams.Publisher;

/** The Reactive Streams TCK against {@link WsSession#receive()} of a real client connection. */
public class ReceiveTckTest extends SessionTck<Message> {

    @Override
    public Publisher<Message> createPublisher(long elements) {
        return connect(elements).receive();
    }

    /** receive() is unicast: once subscribed, every further subscriber gets an error right after onSubscribe. */
    @Override
    public Publisher<Message> createFailedPublisher() {
        WsSession session = connect(0);
        session.receive().ignoreElements().onErrorComplete().subscribe();
        return session.receive();
    }
}
