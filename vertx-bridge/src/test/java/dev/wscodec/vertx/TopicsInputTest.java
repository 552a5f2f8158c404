package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.topics.WsOverflowPolicy;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import dev.wscodec.vertx.topics.WsTopics;
import dev.wscodec.vertx.topics.WsTopicsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** Bad input to the topics: clear errors at once, nothing half done. */
@ExtendWith(VertxExtension.class)
class TopicsInputTest {

    private static void fails(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void badTopicNamesAndOptionsAreRefused(Vertx vertx) {
        WsTopics topics = WsTopics.create(vertx, new WsTopicsOptions().setMaxTopicLength(8));
        fails("A topic name must not be empty.", () -> topics.publish("", TextMessage.of("x")));
        fails("A topic name must not be empty.", () -> topics.publish(null, TextMessage.of("x")));
        fails("The topic name is 9 characters long; at most 8 are allowed (WsTopicsOptions.maxTopicLength).",
                () -> topics.publish("123456789", TextMessage.of("x")));
        WsSession foreign = (WsSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WsSession.class}, (p, m, a) -> m.getName().equals("toString") ? "foreign" : null);
        fails("The session foreign was not made by this bridge's WsServer or WsClient, so it cannot subscribe to "
                + "topics.", () -> topics.subscribe("room", foreign));
        fails("The topic name is 9 characters long; at most 8 are allowed (WsTopicsOptions.maxTopicLength).",
                () -> topics.subscribe("123456789", foreign));
        fails("The overflow policy KEEP_LATEST_PER_KEY needs a key function; set one with setKeyFunction or "
                + "setKeepLatestPerKey.", () -> topics.subscribe("room", foreign,
                new WsSubscriptionOptions().setOverflowPolicy(WsOverflowPolicy.KEEP_LATEST_PER_KEY)));
        fails("maxQueuedBytes must be at least 1024 bytes but was 10.",
                () -> new WsSubscriptionOptions().setMaxQueuedBytes(10));
        fails("maxTopicLength must be 1-65536 but was 0.", () -> new WsTopicsOptions().setMaxTopicLength(0));
        fails("The address prefix must not be empty.", () -> new WsTopicsOptions().setAddressPrefix(""));
        fails("A topic name must not be empty.", () -> topics.localSubscribers(""));
        assertEquals(0, topics.localSubscribers("nobody"), "a topic nobody follows has no subscribers");
        assertEquals(WsMetrics.NONE, new WsTopicsOptions().getMetrics());
        assertEquals(WsOverflowPolicy.CLOSE, new WsSubscriptionOptions().getOverflowPolicy());
        assertEquals(256 * 1024, new WsSubscriptionOptions().getMaxQueuedBytes());
    }

    @Test
    void afterCloseAndForClosedSessionsTheFuturesFail(Vertx vertx) throws Exception {
        WsTopics topics = WsTopics.create(vertx);
        CompletableFuture<WsSession> server = new CompletableFuture<>();
        int port = TestSupport.deploy(vertx, TestSupport.serverOptions(), session -> {
            server.complete(session);
            return session.receive().ignoreElements();
        });
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
        WsSession s = client.connect("ws://127.0.0.1:" + port + "/").blockingGet();
        s.close().blockingAwait(10, TimeUnit.SECONDS);
        WsSession ended = server.get(10, TimeUnit.SECONDS);
        ended.onClose().blockingGet();
        Future<Void> f = topics.subscribe("room", ended);
        Throwable e = assertThrows(Exception.class, () -> f.await(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e);
        assertEquals("The session is not open, so it cannot subscribe to the topic 'room'.", e.getMessage());

        assertTrue(topics.close().await(5, TimeUnit.SECONDS) == null);
        Future<Void> p = topics.publish("room", TextMessage.of("x"));
        assertTrue(p.failed());
        assertEquals("The WsTopics is closed.", p.cause().getMessage());
        client.close().await(10, TimeUnit.SECONDS);
    }
}
