package dev.wscodec.examples;

import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;

/** The "how do I use this" example: a WebSocket echo server (text back as text, binary as binary) on port 8080. */
public class EchoVerticle extends WsServerVerticle {

    public EchoVerticle(WsServerOptions options) {
        this(options, false);
    }

    /**
     * With {@code streaming}, each message is echoed as it arrives, chunk by chunk (the options' codec
     * configuration must stream): a message of any size passes through in bounded memory.
     */
    public EchoVerticle(WsServerOptions options, boolean streaming) {
        super(options, streaming ? EchoVerticle::streamingEcho : session -> session.send(session.receive()));
    }

    /** Sends every message back as it is read: each chunk is requested only while the socket can take it. */
    static io.reactivex.rxjava3.core.Completable streamingEcho(dev.wscodec.vertx.WsSession session) {
        return session.receiveStreams().concatMapCompletable(session::sendStream, 1);
    }

    public static void main(String[] args) {
        Vertx.vertx().deployVerticle(new EchoVerticle(new WsServerOptions().setPort(8080)));
    }
}
