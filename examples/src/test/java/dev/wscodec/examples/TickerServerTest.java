package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.examples.TickerServer.Overflow;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.reactivex.rxjava3.schedulers.TestScheduler;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The ticker's stream composition on virtual time: what a slow client gets, and how (un)subscribing works. */
class TickerServerTest {

    private final PublishProcessor<String> commands = PublishProcessor.create();
    private final TestScheduler time = new TestScheduler();

    private TestSubscriber<String> subscribe(Overflow overflow, long initialDemand) {
        return TickerServer.updates(commands, 100, overflow, time).test(initialDemand);
    }

    private static long seq(String tick) {
        return Long.parseLong(tick.split(" ")[2]);
    }

    @Test
    void slowClientGetsOnlyTheLatestUpdateNotABacklog() {
        TestSubscriber<String> client = subscribe(Overflow.LATEST, 1);
        commands.onNext("subscribe alpha");
        client.assertValues("subscribed alpha");
        time.advanceTimeBy(10_000, TimeUnit.MILLISECONDS);   // 100 ticks while the client asks for nothing
        client.request(Long.MAX_VALUE);
        List<String> got = client.values().subList(1, client.values().size());
        assertTrue(got.size() <= 3, "at most a couple of queued lines, not 100: " + got);
        assertEquals(100, seq(got.get(got.size() - 1)), "the newest tick is kept: " + got);
        time.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        assertEquals(101, seq(client.values().get(client.values().size() - 1)));
    }

    @Test
    void dropPolicyLosesTicksWhileTheClientIsBusy() {
        TestSubscriber<String> client = subscribe(Overflow.DROP, 1);
        commands.onNext("subscribe alpha");
        time.advanceTimeBy(10_000, TimeUnit.MILLISECONDS);
        client.request(Long.MAX_VALUE);
        int before = client.values().size();
        assertTrue(before <= 4, "only what was queued before the client stalled: " + client.values());
        time.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        assertEquals(101, seq(client.values().get(before)), "ticks 3-100 were dropped; the next one is 101");
    }

    @Test
    void topicsMergeAndUnsubscribeStopsOne() {
        TestSubscriber<String> client = subscribe(Overflow.LATEST, Long.MAX_VALUE);
        commands.onNext("subscribe alpha");
        commands.onNext("subscribe beta");
        time.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        commands.onNext("unsubscribe alpha");
        time.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        List<String> v = client.values();
        assertEquals(List.of("subscribed alpha", "subscribed beta"), v.subList(0, 2));
        assertEquals(2, v.stream().filter(s -> s.startsWith("tick alpha ")).count(), v.toString());
        assertEquals(4, v.stream().filter(s -> s.startsWith("tick beta ")).count(), v.toString());
        assertTrue(v.subList(v.indexOf("unsubscribed alpha"), v.size()).stream().noneMatch(s -> s.startsWith("tick alpha")),
                v.toString());
    }

    @Test
    void subscribingAgainContinuesTheTopicsSequenceNumbers() {
        TestSubscriber<String> client = subscribe(Overflow.LATEST, Long.MAX_VALUE);
        commands.onNext("subscribe alpha");
        time.advanceTimeBy(300, TimeUnit.MILLISECONDS);                  // alpha 1, 2, 3
        commands.onNext("unsubscribe alpha");
        time.advanceTimeBy(1_000, TimeUnit.MILLISECONDS);                // nothing while unsubscribed
        commands.onNext("subscribe alpha");
        time.advanceTimeBy(200, TimeUnit.MILLISECONDS);                  // alpha 4, 5
        commands.onNext("subscribe alpha");                              // again while subscribed
        commands.onNext("subscribe beta");                               // another topic has its own numbers
        time.advanceTimeBy(100, TimeUnit.MILLISECONDS);                  // alpha 6, beta 1
        List<Long> alpha = client.values().stream().filter(s -> s.startsWith("tick alpha ")).map(TickerServerTest::seq)
                .toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), alpha, client.values().toString());
        assertEquals(List.of(1L), client.values().stream().filter(s -> s.startsWith("tick beta "))
                .map(TickerServerTest::seq).toList());
        // A new connection starts its own numbering.
        TestSubscriber<String> other = TickerServer.updates(
                Flowable.just("subscribe alpha").concatWith(Flowable.never()), 100, Overflow.LATEST, time).test();
        time.advanceTimeBy(100, TimeUnit.MILLISECONDS);
        assertEquals(1, seq(other.values().get(1)), other.values().toString());
    }

    @Test
    void badCommandsAreAnsweredWithFullSentences() {
        TestSubscriber<String> client = subscribe(Overflow.LATEST, Long.MAX_VALUE);
        commands.onNext("subscribe");
        commands.onNext("subscribe no/slashes");
        for (int i = 0; i < TickerServer.MAX_TOPICS; i++) {
            commands.onNext("unsubscribe t" + i);
        }
        commands.onNext("subscribe one-too-many");
        List<String> v = client.values();
        assertEquals("error: unknown command 'subscribe'; send 'subscribe TOPIC' or 'unsubscribe TOPIC'.", v.get(0));
        assertEquals("error: a topic is 1-32 letters, digits, '.', '_' or '-'.", v.get(1));
        assertEquals("error: a connection can name at most 32 topics.", v.get(v.size() - 1));
        client.assertNoErrors();
    }
}
