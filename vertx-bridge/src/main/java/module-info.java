/**
 * The WebSocket codec on Vert.x 5 {@code NetServer}/{@code NetClient} sockets, as RxJava 3 Flowables with
 * backpressure down to TCP. Start with {@link dev.wscodec.vertx.WsServerVerticle} or
 * {@link dev.wscodec.vertx.WsClient}.
 */
module dev.wscodec.vertx {
    exports dev.wscodec.vertx;
    exports dev.wscodec.vertx.micrometer;
    exports dev.wscodec.vertx.topics;

    requires transitive dev.wscodec.api;
    requires transitive io.vertx.core;
    requires transitive io.reactivex.rxjava3;
    requires org.slf4j;
    /* Optional: only dev.wscodec.vertx.micrometer uses it. */
    requires static micrometer.core;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;

    uses dev.wscodec.api.spi.WsCodecProvider;
}
