package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.WsConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link WsUpgradeHandler} as the handler of a vertx-web {@link Router} route, next to the app's own routes. */
@ExtendWith(VertxExtension.class)
class WebRouterMountTest {

    private static final WsConfig CODEC = WsConfig.builder().deflate(DeflateConfig.DEFAULT).subprotocols("v1").build();

    private int port;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        WsUpgradeHandler upgrades = WsUpgradeHandler.create(vertx, TestSupport.serverOptions().setCodecConfig(CODEC),
                session -> session.sendText(session.receiveText().map(t -> "web " + t)));
        Router router = Router.router(vertx);
        router.get("/hello").handler(ctx -> ctx.response().end("hello from vertx-web"));
        router.route("/ws").handler(ctx -> upgrades.handle(ctx.request()));
        port = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .await(30, TimeUnit.SECONDS).actualPort();
    }

    @Test
    void theRouterServesItsRoutesAndTheMountedWebSocket(Vertx vertx) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> hello = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, hello.statusCode());
        assertEquals("hello from vertx-web", hello.body());
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/other")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setCodecConfig(CODEC));
        WsSession session = client.connect("ws://127.0.0.1:" + port + "/ws", List.of("v1"), HttpHeaders.EMPTY)
                .timeout(20, TimeUnit.SECONDS).blockingGet();
        assertEquals("v1", session.subprotocol());
        assertEquals("permessage-deflate", session.extensions().get(0).name());
        session.sendText("hi").timeout(20, TimeUnit.SECONDS).blockingAwait();
        assertEquals("web hi", session.receiveText().firstOrError().timeout(20, TimeUnit.SECONDS).blockingGet());
        session.close().timeout(20, TimeUnit.SECONDS).blockingAwait();
    }
}
