package dev.wscodec.vertx;

import static dev.wscodec.vertx.Meters.count;
import static dev.wscodec.vertx.Meters.gauge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.Message;
import dev.wscodec.api.Opcode;
import dev.wscodec.vertx.topics.WsOverflowPolicy;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import dev.wscodec.vertx.micrometer.MicrometerWsMetrics;
import dev.wscodec.vertx.topics.WsTopics;
import dev.wscodec.vertx.topics.WsTopicsOptions;
import dev.wscodec.vertx.topics.impl.TopicsImpl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each overflow policy with a subscriber that does not read: the publisher keeps going, the subscription's queue
 * stays within its bound and the socket's buffer within its allowance, and what the subscriber finally reads is in
 * publish order (drop the oldest: ends with the newest; keep latest per key: the latest of every key; close: 1008).
 * The topics' metrics count the subscription, every fan-out, every dropped message and the subscriber closed.
 */
@ExtendWith(VertxExtension.class)
class TopicsOverflowTest {

    private static final int BOUND = 64 * 1024;
    private static final int SIZE = 1024;
    private static final int COUNT = 6000;
    private static final int KEYS = 16;

    private Vertx vertx;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.registry = new SimpleMeterRegistry();
    }

    private static Message message(int seq) {
        byte[] b = new byte[SIZE];
        ByteBuffer.wrap(b).putInt(seq);
        return BinaryMessage.wrap(b);
    }

    private static int seq(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt();
    }

    private static int seq(Message m) {
        return m.payload().getInt();
    }

    private record Setup(TopicsImpl topics, RawClient client, WsSession session, SimpleMeterRegistry registry) {
    }

    /** A server whose sessions subscribe to "feed" with {@code options}, and a raw client that does not read. */
    private Setup setup(WsSubscriptionOptions options, Duration closeTimeout) throws Exception {
        TopicsImpl topics = (TopicsImpl) WsTopics.create(vertx,
                new WsTopicsOptions().setMetrics(new MicrometerWsMetrics(registry)));
        CompletableFuture<WsSession> subscribed = new CompletableFuture<>();
        WsServerOptions o = TestSupport.serverOptions().setCloseTimeout(closeTimeout);
        o.getNetServerOptions().setSendBufferSize(16 * 1024);
        int port = TestSupport.deploy(vertx, o, session -> {
            topics.subscribe("feed", session, options).onSuccess(v -> subscribed.complete(session));
            return session.receive().ignoreElements();
        });
        RawClient client = new RawClient(port, 4096);
        assertTrue(client.handshake("/").startsWith("HTTP/1.1 101"));
        return new Setup(topics, client, subscribed.get(10, TimeUnit.SECONDS), registry);
    }

    /** Publishes COUNT messages; every publish succeeds at once. */
    private static void publishAll(WsTopics topics) {
        for (int i = 0; i < COUNT; i++) {
            assertTrue(topics.publish("feed", message(i)).succeeded(), "the publisher is never held up");
        }
    }

    /** After every publication was handled: the queue within its bound, the socket's buffer within its allowance. */
    private static long[] assertBounded(Setup s) throws Exception {
        long[] state = s.topics().queueState("feed", s.session()).await(10, TimeUnit.SECONDS);
        assertTrue(state[0] > 0 && state[0] <= BOUND, "queued bytes within the bound: " + state[0]);
        assertTrue(state[1] > 0, "messages were dropped: " + state[1]);
        assertTrue(state[2] <= WsSubscriptionOptions.SOCKET_ALLOWANCE + 4096,
                "the socket's buffer within its allowance: " + state[2]);
        assertEquals(state[1], count(s.registry(), "ws.topic.drops"), "every dropped message is counted");
        assertEquals(COUNT, count(s.registry(), "ws.topic.fanouts"), "one fan-out per publication");
        assertEquals(1, gauge(s.registry(), "ws.topic.subscriptions"));
        assertEquals(1, s.topics().localSubscribers("feed"));
        assertEquals(0, count(s.registry(), "ws.topic.overflow.closes"));
        return state;
    }

    /** Reads data frames until the one with {@code last}; asserts strictly increasing numbers; returns them. */
    private static Set<Integer> readUntil(RawClient client, int last) throws Exception {
        Set<Integer> seen = new HashSet<>();
        int previous = -1;
        while (previous != last) {
            RawClient.Frame f = client.readFrame();
            assertEquals(Opcode.BINARY.code(), f.opcode());
            int seq = seq(f.payload());
            assertTrue(seq > previous, "publish order: " + seq + " after " + previous);
            seen.add(seq);
            previous = seq;
        }
        return seen;
    }

    @Test
    void dropOldestKeepsTheNewestWithinTheBound() throws Exception {
        Setup s = setup(new WsSubscriptionOptions().setMaxQueuedBytes(BOUND)
                .setOverflowPolicy(WsOverflowPolicy.DROP_OLDEST), Duration.ofSeconds(2));
        try (RawClient client = s.client()) {
            publishAll(s.topics());
            long[] state = assertBounded(s);
            assertTrue(state[0] > BOUND - 2 * (SIZE + WsSubscriptionOptions.ENTRY_OVERHEAD), "the queue is full");
            Set<Integer> seen = readUntil(client, COUNT - 1);
            assertTrue(seen.size() < COUNT, "the oldest were dropped");
            assertTrue(s.session().isOpen());
        }
    }

    @Test
    void keepLatestPerKeyDeliversTheLatestOfEveryKey() throws Exception {
        Setup s = setup(new WsSubscriptionOptions().setMaxQueuedBytes(BOUND)
                .setKeepLatestPerKey(m -> seq(m) % KEYS), Duration.ofSeconds(2));
        try (RawClient client = s.client()) {
            publishAll(s.topics());
            long[] state = assertBounded(s);
            assertTrue(state[0] <= KEYS * (SIZE + WsSubscriptionOptions.ENTRY_OVERHEAD),
                    "at most one queued message per key: " + state[0]);
            Set<Integer> seen = readUntil(client, COUNT - 1);
            for (int i = COUNT - KEYS; i < COUNT; i++) {
                assertTrue(seen.contains(i), "the latest message of key " + (i % KEYS) + " arrived");
            }
        }
    }

    @Test
    void closeEndsTheSlowSubscriberWith1008AndTheTopicGoesOn() throws Exception {
        Setup s = setup(new WsSubscriptionOptions().setMaxQueuedBytes(BOUND)
                .setOverflowPolicy(WsOverflowPolicy.CLOSE), Duration.ofSeconds(30));
        try (RawClient client = s.client()) {
            publishAll(s.topics());
            s.topics().queueState("feed", s.session()).await(10, TimeUnit.SECONDS); // after every publication
            CloseStatus status = s.session().closeStatus().orElseThrow();
            assertEquals(CloseStatus.POLICY_VIOLATION, status.code());
            assertEquals("The subscriber fell behind the topic's queue limit.", status.reason());
            assertTrue(s.topics().publish("feed", message(COUNT)).succeeded(), "publishing goes on");
            int previous = -1;
            RawClient.Frame f;
            while ((f = client.readFrame()).opcode() == Opcode.BINARY.code()) {
                int seq = seq(f.payload());
                assertTrue(seq > previous, "publish order");
                previous = seq;
            }
            assertEquals(Opcode.CLOSE.code(), f.opcode());
            assertEquals(1008, f.closeCode());
            client.writeFrame(true, 8, new byte[] {0x03, (byte) 0xF0});
            assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> s.topics().topicCount() == 0),
                    "the closed session left the topic");
            assertEquals(1, count(registry, "ws.topic.overflow.closes"), "the slow subscriber closed is counted");
            assertEquals(0, gauge(registry, "ws.topic.subscriptions"), "and its subscription ended");
            assertEquals(0, s.topics().localSubscribers("feed"));
        }
    }
}
