package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.spi.WsCodecProvider;
import io.reactivex.rxjava3.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code WsSession.send(PreparedMessage)} over real sockets: one message prepared once reaches several clients as
 * the same prepared frame; a client session, which must mask, encodes the message itself and the server gets it.
 */
@ExtendWith(VertxExtension.class)
class PreparedSendTest {

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        CountingProvider.reset();
    }

    @Test
    void onePreparedMessageReachesEveryClientAsTheSameFrame() throws Exception {
        TextMessage hello = TextMessage.of("hello, everyone");
        PreparedMessage prepared = WsCodecProvider.lookup(CountingProvider.NAME).prepare(hello, null);
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions().setProviderName(CountingProvider.NAME),
                session -> session.send(prepared).andThen(session.receive().ignoreElements()));
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
        for (int i = 0; i < 3; i++) {
            WsSession s = client.connect("ws://127.0.0.1:" + port + "/").blockingGet();
            assertEquals(hello, s.receive().firstOrError().blockingGet());
        }
        assertEquals(1, CountingProvider.PREPARED.get());
        assertEquals(3, CountingProvider.SENT_AS_PREPARED.get());
        assertEquals(0, CountingProvider.ENCODED_PER_CONNECTION.get());
        client.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientSessionEncodesThePreparedMessageItself() throws Exception {
        CompletableFuture<Message> got = new CompletableFuture<>();
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(),
                session -> session.receive().doOnNext(got::complete).ignoreElements());
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions().setProviderName(CountingProvider.NAME));
        WsSession s = client.connect("ws://127.0.0.1:" + port + "/").blockingGet();
        TextMessage m = TextMessage.of("from the client");
        Completable sent = s.send(WsCodecProvider.lookup().prepare(m, null));
        assertTrue(sent.blockingAwait(10, TimeUnit.SECONDS));
        assertEquals(m, got.get(10, TimeUnit.SECONDS));
        assertEquals(1, CountingProvider.ENCODED_PER_CONNECTION.get(), "masked for this connection");
        assertEquals(0, CountingProvider.SENT_AS_PREPARED.get());
        client.close().await(10, TimeUnit.SECONDS);
    }
}
