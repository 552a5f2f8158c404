package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.topics.WsTopics;
import dev.wscodec.vertx.topics.impl.TopicsImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Local fan-out over real sockets: every message is encoded once per node and wire format and the same frame is
 * written to every subscriber (counted by {@link CountingProvider}), every subscriber gets every message in publish
 * order, and a session leaves its topics when it unsubscribes or ends.
 */
@ExtendWith(VertxExtension.class)
class TopicsFanOutTest {

    private Vertx vertx;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        CountingProvider.reset();
    }

    /** A server on two event loops whose sessions subscribe to "news" and count down {@code subscribed}. */
    private int server(WsTopics topics, WsConfig config, CountDownLatch subscribed) throws Exception {
        WsServerOptions o = TestSupport.serverOptions().setPort(TestSupport.freePort())
                .setProviderName(CountingProvider.NAME).setCodecConfig(config);
        return TestSupport.deploy(vertx, o, WsAcceptHook.ACCEPT_ALL, session -> {
            topics.subscribe("news", session).onSuccess(v -> subscribed.countDown());
            return session.receive().ignoreElements();
        }, 2);
    }

    private static List<Message> receiving(WsSession session) {
        List<Message> got = Collections.synchronizedList(new ArrayList<>());
        session.receive().subscribe(got::add, e -> { });
        return got;
    }

    /** Message {@code i}: text of 32 bytes or binary of 1 KiB, each carrying its number. */
    private static Message message(int i) {
        if (i % 2 == 0) {
            return TextMessage.of(String.format("message %08d of the publisher", i).substring(0, 32));
        }
        byte[] b = new byte[1024];
        ByteBuffer.wrap(b).putInt(i);
        for (int k = 4; k < b.length; k++) {
            b[k] = (byte) ('a' + k % 26);
        }
        return BinaryMessage.wrap(b);
    }

    @Test
    void everyMessageIsEncodedOnceAndReachesEverySubscriberInPublishOrder() throws Exception {
        WsTopics topics = WsTopics.create(vertx);
        int n = 24;
        int k = 300;
        CountDownLatch subscribed = new CountDownLatch(n);
        int port = server(topics, WsConfig.DEFAULT, subscribed);
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
        List<List<Message>> inboxes = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            inboxes.add(receiving(client.connect("ws://127.0.0.1:" + port + "/").blockingGet()));
        }
        assertTrue(subscribed.await(60, TimeUnit.SECONDS));

        List<Message> published = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Message m = message(i);
            published.add(m);
            Future<Void> f = topics.publish("news", m);
            assertTrue(f.succeeded(), "publish never waits for subscribers");
        }
        assertTrue(TestSupport.eventually(Duration.ofSeconds(60),
                () -> inboxes.stream().allMatch(in -> in.size() >= k)), "every subscriber got every message");
        for (List<Message> in : inboxes) {
            assertEquals(published, new ArrayList<>(in), "publish order, nothing lost, nothing extra");
        }
        assertEquals(k, CountingProvider.PREPARED.get(), "one encoding per message on this node");
        assertEquals(0, CountingProvider.ENCODED_PER_CONNECTION.get(), "no message encoded per connection");
        assertEquals((long) n * k, CountingProvider.SENT_AS_PREPARED.get(), "the prepared frame went to everyone");
        client.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void compressedAndPlainSubscribersGetFramesPreparedOncePerWireFormat() throws Exception {
        WsTopics topics = WsTopics.create(vertx);
        DeflateConfig noTakeover = DeflateConfig.DEFAULT.withServerNoContextTakeover(true);
        int n = 8;
        int k = 100;
        CountDownLatch subscribed = new CountDownLatch(n);
        int port = server(topics, WsConfig.builder().deflate(noTakeover).build(), subscribed);
        WsClient plain = WsClient.create(vertx, TestSupport.clientOptions());
        WsClient deflating = WsClient.create(vertx, TestSupport.clientOptions()
                .setCodecConfig(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build()));
        List<List<Message>> inboxes = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            WsSession s = (c % 2 == 0 ? plain : deflating).connect("ws://127.0.0.1:" + port + "/").blockingGet();
            assertEquals(c % 2 == 0 ? 0 : 1, s.extensions().size());
            inboxes.add(receiving(s));
        }
        assertTrue(subscribed.await(60, TimeUnit.SECONDS));
        List<Message> published = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Message m = TextMessage.of(("line " + i + " of a text that compresses well; ").repeat(20));
            published.add(m);
            topics.publish("news", m);
        }
        assertTrue(TestSupport.eventually(Duration.ofSeconds(60),
                () -> inboxes.stream().allMatch(in -> in.size() >= k)));
        for (List<Message> in : inboxes) {
            assertEquals(published, new ArrayList<>(in));
        }
        long prepared = CountingProvider.PREPARED.get();
        assertTrue(prepared >= k && prepared <= 2L * k, "at most once per message and wire format: " + prepared);
        assertEquals(0, CountingProvider.ENCODED_PER_CONNECTION.get());
        assertEquals((long) n * k, CountingProvider.SENT_AS_PREPARED.get());
        plain.close().await(30, TimeUnit.SECONDS);
        deflating.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void aSessionThatUnsubscribesOrEndsLeavesItsTopics() throws Exception {
        TopicsImpl topics = (TopicsImpl) WsTopics.create(vertx);
        CountDownLatch subscribed = new CountDownLatch(2);
        List<WsSession> serverSessions = Collections.synchronizedList(new ArrayList<>());
        WsServerOptions o = TestSupport.serverOptions();
        int port = TestSupport.deploy(vertx, o, session -> {
            serverSessions.add(session);
            Future.all(topics.subscribe("news", session), topics.subscribe("marker", session))
                    .onSuccess(v -> subscribed.countDown());
            return session.receive().ignoreElements();
        });
        WsClient client = WsClient.create(vertx, TestSupport.clientOptions());
        WsSession stays = client.connect("ws://127.0.0.1:" + port + "/").blockingGet();
        List<Message> got = receiving(stays);
        WsSession leaves = client.connect("ws://127.0.0.1:" + port + "/").blockingGet();
        receiving(leaves);
        assertTrue(subscribed.await(60, TimeUnit.SECONDS));
        assertEquals(2, topics.topicCount());

        topics.publish("news", TextMessage.of("before"));
        WsSession staysOnServer = serverSessions.stream()
                .filter(s -> s.remoteAddress().port() == stays.localAddress().port()).findFirst().orElseThrow();
        topics.unsubscribe("news", staysOnServer).await(5, TimeUnit.SECONDS);
        topics.publish("news", TextMessage.of("after"));
        topics.publish("marker", TextMessage.of("marker"));
        assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> got.size() >= 2));
        assertEquals(List.of(TextMessage.of("before"), TextMessage.of("marker")), new ArrayList<>(got),
                "nothing published after the unsubscribe arrives");
        assertEquals(topics.unsubscribe("news", staysOnServer).await(5, TimeUnit.SECONDS), null,
                "unsubscribing again is quiet");

        leaves.close().blockingAwait(10, TimeUnit.SECONDS);
        assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> topics.topicCount() == 1),
                "the ended session left news (now without subscribers); marker is still followed");
        stays.close().blockingAwait(10, TimeUnit.SECONDS);
        assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> topics.topicCount() == 0));
        assertTrue(topics.publish("news", TextMessage.of("nobody")).succeeded(),
                "publishing to a topic nobody follows succeeds quietly");
        client.close().await(30, TimeUnit.SECONDS);
    }
}
