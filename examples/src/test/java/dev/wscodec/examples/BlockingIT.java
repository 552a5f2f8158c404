package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Close;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar's {@code blocking} command (the codec over a plain ServerSocket, no Vert.x in the server) as a process,
 * with the project's Vert.x client, the raw client engine and the JDK's client.
 */
class BlockingIT {

    private static JarProcess server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = JarProcess.start("blocking", "--port", "0", "--host", "127.0.0.1", "--max-message", "200000");
        port = Integer.parseInt(server.awaitLine("on ws://127\\.0\\.0\\.1:(\\d+)/, max message 200000 bytes, "
                + "permessage-deflate on", 30).group(1));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void projectClientOverVertxWithCompression() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            WsClient client = WsClient.create(vertx, new WsClientOptions()
                    .setCodecConfig(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build()));
            WsSession session = client.connect("ws://127.0.0.1:" + port + "/").blockingGet();
            assertEquals("permessage-deflate", session.extensions().get(0).name());
            String big = "abc".repeat(50_000);
            byte[] bytes = {1, 2, 3, (byte) 0xfe};
            Single<List<Message>> echoed = session.receive().take(3).toList().cache();
            echoed.subscribe((list, error) -> { });          // listen before sending
            session.send(Flowable.just(TextMessage.of("hello"), BinaryMessage.of(bytes), TextMessage.of(big)))
                    .blockingAwait(10, TimeUnit.SECONDS);
            List<Message> got = echoed.timeout(10, TimeUnit.SECONDS).blockingGet();
            assertEquals("hello", assertInstanceOf(TextMessage.class, got.get(0)).text());
            assertArrayEquals(bytes, assertInstanceOf(BinaryMessage.class, got.get(1)).toByteArray());
            assertEquals(big, assertInstanceOf(TextMessage.class, got.get(2)).text());
            session.close(CloseStatus.NORMAL_CLOSURE, "done").blockingAwait(10, TimeUnit.SECONDS);
            assertEquals(CloseStatus.NORMAL_CLOSURE, session.closeStatus().orElseThrow().code());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void rawClientEngineWithoutVertx() throws Exception {
        try (EngineClient c = new EngineClient(port, "/", WsConfig.DEFAULT, List.of())) {
            assertInstanceOf(WsEvent.HandshakeAccepted.class, c.next());
            c.send(TextMessage.of("raw engine"));
            assertEquals("raw engine", assertInstanceOf(TextMessage.class, c.next()).text());
            c.send(BinaryMessage.of(new byte[200_001]));      // one byte over --max-message
            Close close = assertInstanceOf(Close.class, c.next());
            assertEquals(CloseStatus.MESSAGE_TOO_BIG, close.status().code());
        }
    }

    @Test
    void jdkClient() throws Exception {
        try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/")) {
            c.sendText("from java.net.http");
            assertEquals("from java.net.http", c.next());
            byte[] data = new byte[100_000];
            data[99_999] = 42;
            c.sendBinary(data);
            assertArrayEquals(data, (byte[]) c.next());
        }
    }
}
