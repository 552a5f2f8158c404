package dev.wscodec.vertx.impl.rx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import org.junit.jupiter.api.Test;

/** The receive() Flowable without a socket: demand, buffering, terminal signals, unicast. */
class InboundTest {

    /** Runs tasks at once and counts how often the connection was told that demand changed. */
    private static final class InlineSource implements Inbound.Source {
        int demandChanges;

        @Override
        public void run(Runnable task) {
            task.run();
        }

        @Override
        public boolean onContext() {
            return true;
        }

        @Override
        public void onDemandChanged() {
            demandChanges++;
        }
    }

    private final InlineSource source = new InlineSource();
    private final Inbound inbound = new Inbound(source);

    private static Message text(String s) {
        return TextMessage.of(s);
    }

    @Test
    void wantsDataOnlyWithDemandAndAnEmptyQueue() {
        assertFalse(inbound.wantsData(), "no subscriber: do not read");
        TestSubscriber<Message> ts = inbound.test(0);
        assertFalse(inbound.wantsData(), "no demand: do not read");
        ts.request(2);
        assertTrue(inbound.wantsData());
        inbound.offer(text("a"));
        inbound.offer(text("b"));
        inbound.offer(text("c"));
        assertFalse(inbound.wantsData(), "messages are queued: do not read");
        inbound.drain();
        ts.assertValues(text("a"), text("b"));
        assertFalse(inbound.wantsData(), "demand used up");
        ts.request(2);
        ts.assertValues(text("a"), text("b"), text("c"));
        assertTrue(inbound.wantsData(), "one more requested and nothing queued: read");
        assertTrue(source.demandChanges >= 3);
    }

    @Test
    void completesOnlyAfterTheQueuedMessagesWereDelivered() {
        TestSubscriber<Message> ts = inbound.test(0);
        inbound.offer(text("last"));
        inbound.complete();
        inbound.drain();
        ts.assertNotComplete();
        ts.request(1);
        ts.assertValues(text("last")).assertComplete();
        assertFalse(inbound.wantsData());
    }

    @Test
    void aFailureIsSignalledAtOnceAndDropsTheQueue() {
        TestSubscriber<Message> ts = inbound.test(0);
        inbound.offer(text("dropped"));
        inbound.fail(new IllegalStateException("gone"));
        inbound.drain();
        ts.assertNoValues().assertError(IllegalStateException.class);
    }

    @Test
    void nonPositiveRequestsSignalIllegalArgumentException() {
        TestSubscriber<Message> ts = inbound.test(0);
        ts.request(0);
        ts.assertError(e -> e instanceof IllegalArgumentException
                && e.getMessage().equals("Reactive Streams §3.9: request(n) needs a positive n but got 0."));
        assertTrue(inbound.isDiscarding(), "after the error nothing is buffered any more");
    }

    @Test
    void aSecondSubscriberIsRefused() {
        inbound.test(1);
        inbound.test().assertError(e -> e instanceof IllegalStateException && e.getMessage().equals(
                "receive() allows a single subscriber; this session's messages are already subscribed to."));
    }

    @Test
    void afterCancelMessagesAreDroppedAndReadingGoesOn() {
        TestSubscriber<Message> ts = inbound.test(1);
        ts.cancel();
        assertTrue(inbound.wantsData(), "keep reading to see pings and the close");
        inbound.offer(text("x"));
        inbound.drain();
        ts.assertNoValues();
    }

    @Test
    void aSubscriberThatThrowsIsCancelledAndReadingGoesOn() {
        inbound.subscribe(new org.reactivestreams.Subscriber<Message>() {
            @Override
            public void onSubscribe(org.reactivestreams.Subscription s) {
                s.request(5);
            }

            @Override
            public void onNext(Message m) {
                throw new IllegalStateException("broken subscriber");
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onComplete() {
            }
        });
        inbound.offer(text("a"));
        inbound.offer(text("b"));
        inbound.drain();
        assertTrue(inbound.isDiscarding());
        assertTrue(inbound.wantsData());
    }

    @Test
    void closingWithoutASubscriberDiscards() {
        assertFalse(inbound.wantsData());
        inbound.discardIfUnsubscribed();
        assertTrue(inbound.wantsData());
    }

    @Test
    void requestsAccumulateUpToLongMaxValueWithoutOverflow() {
        TestSubscriber<Message> ts = inbound.test(Long.MAX_VALUE - 1);
        ts.request(Long.MAX_VALUE - 1);
        for (int i = 0; i < 100; i++) {
            inbound.offer(text("m" + i));
            inbound.drain();
        }
        ts.assertValueCount(100);
        assertTrue(inbound.wantsData());
    }

    @Test
    void reentrantRequestsFromOnNextDoNotRecurse() {
        int[] depth = {0, 0};
        TestSubscriber<Message> ts = new TestSubscriber<>(1) {
            @Override
            public void onNext(Message m) {
                depth[0]++;
                depth[1] = Math.max(depth[1], depth[0]);
                super.onNext(m);
                request(1);
                depth[0]--;
            }
        };
        inbound.subscribe(ts);
        for (int i = 0; i < 50; i++) {
            inbound.offer(text("m" + i));
        }
        inbound.drain();
        ts.assertValueCount(50);
        assertEquals(1, depth[1], "onNext is never called from inside onNext");
    }
}
