package dev.wscodec.vertx;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * Runs in a class loader without Micrometer (see {@link NoMicrometerTest}): a server with default options (so
 * {@link WsMetrics#NONE}), an echo, a refused handshake, a clean close. Returns what it saw.
 */
public final class NoMicrometerProbe {

    private NoMicrometerProbe() {
    }

    public static String run() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WsAcceptHook hook = request -> Single.just(request.path().equals("/nope")
                    ? WsDecision.reject(404) : WsDecision.accept());
            WsServer server = WsServer.create(vertx, new WsServerOptions().setHost("127.0.0.1").setPort(0), hook,
                    session -> session.send(session.receive()));
            server.listen().await(10, TimeUnit.SECONDS);
            WsClient client = WsClient.create(vertx);
            String url = "ws://127.0.0.1:" + server.actualPort();
            WsSession session = client.connect(url + "/").timeout(10, TimeUnit.SECONDS).blockingGet();
            Single<Message> echo = session.receive().firstOrError().cache();
            echo.subscribe((m, e) -> { });
            session.sendText("hello").blockingAwait(10, TimeUnit.SECONDS);
            String text = ((TextMessage) echo.timeout(10, TimeUnit.SECONDS).blockingGet()).text();
            int status = client.connect(url + "/nope").map(s -> 101)
                    .onErrorReturn(e -> ((WsHandshakeRejectedException) e).status())
                    .timeout(10, TimeUnit.SECONDS).blockingGet();
            session.close(1000, "bye").blockingAwait(10, TimeUnit.SECONDS);
            client.close().await(10, TimeUnit.SECONDS);
            server.close().await(10, TimeUnit.SECONDS);
            return text + " " + status + " " + session.onClose().blockingGet().code();
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
