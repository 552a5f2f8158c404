package dev.wscodec.examples;

import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;

/** The "how do I use this" example: a WebSocket echo server (text back as text, binary as binary) on port 8080. */
public class EchoVerticle extends WsServerVerticle {

    public EchoVerticle(WsServerOptions options) {
        super(options, session -> session.send(session.receive()));
    }

    public static void main(String[] args) {
        Vertx.vertx().deployVerticle(new EchoVerticle(new WsServerOptions().setPort(8080)));
    }
}
