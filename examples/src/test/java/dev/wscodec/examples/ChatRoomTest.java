package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wscodec.vertx.WsHandler;
import dev.wscodec.vertx.WsServerOptions;
import dev.wscodec.vertx.WsServerVerticle;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChatRoom} on two verticle instances in this JVM (no cluster), with JDK clients over real sockets. */
class ChatRoomTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void membersOnTwoEventLoopsHearEachOtherAndTheJoinNoticeNamesTheNode() throws Exception {
        WsHandler room = ChatRoom.handler(vertx, ChatRoom.DEFAULT_LIMIT, "node-X");
        int port = Servers.deploy(vertx, 2, () -> new WsServerVerticle(new WsServerOptions().setHost("127.0.0.1")
                .setPort(0), room));
        try (ChatPeer a = ChatPeer.join("a", port); ChatPeer b = ChatPeer.join("b", port)) {
            a.await(() -> a.texts().contains("* b joined the room on node node-X"), 10, "b's join notice");
            b.send("hello from b");
            a.await(() -> a.from("b", "hello").size() == 1, 10, "b's line");
            a.send("hello from a");
            b.await(() -> b.from("a", "hello").size() == 1, 10, "a's line");
            assertEquals(java.util.List.of("hello from a"), a.from("a", "hello"), "the sender hears itself too");
            b.send("quit");
            a.await(() -> a.texts().contains("* b left the room"), 10, "b's leaving notice");
        }
    }
}
