package dev.wscodec.vertx.impl.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.impl.connection.Deadlines.Action;
import dev.wscodec.vertx.impl.connection.Deadlines.Step;
import org.junit.jupiter.api.Test;

/** {@link Deadlines} alone: times are plain numbers, so every deadline is checked without a socket or a clock. */
class DeadlinesTest {

    private static final long T0 = 1_000_000L; // any nanoTime value; arithmetic must not assume 0

    @Test
    void aPingIsDueAfterTheIntervalAndThePongDeadlineFollowsIt() {
        Deadlines d = Deadlines.of(100, 30, 0, 0).opened(T0, true);
        assertEquals(T0 + 100, d.nextOpenDeadline());
        assertEquals(Action.NONE, d.dueOpen(T0 + 99, true).action());
        Step ping = d.dueOpen(T0 + 100, true);
        assertEquals(Action.PING, ping.action());
        assertEquals(T0 + 130, ping.next().nextOpenDeadline(), "now the pong deadline");
        assertEquals(Action.NO_PONG, ping.next().dueOpen(T0 + 130, true).action());
    }

    @Test
    void anyInputAnswersThePing() {
        Deadlines waiting = Deadlines.of(100, 30, 0, 0).opened(T0, true).dueOpen(T0 + 100, true).next();
        Deadlines answered = waiting.onInput();
        assertEquals(T0 + 200, answered.nextOpenDeadline(), "the next ping, one interval after the last");
        assertEquals(Action.NONE, answered.dueOpen(T0 + 130, true).action());
        assertEquals(Action.PING, answered.dueOpen(T0 + 200, true).action());
        assertSame(answered, answered.onInput(), "no ping outstanding: nothing changes");
    }

    @Test
    void aMissingPongCountsOnlyWhileReading() {
        Deadlines waiting = Deadlines.of(100, 30, 0, 0).opened(T0, true).dueOpen(T0 + 100, true).next();
        Step notReading = waiting.dueOpen(T0 + 130, false);
        assertEquals(Action.NONE, notReading.action(), "the answer may be waiting unread");
        assertEquals(T0 + 160, notReading.next().nextOpenDeadline(), "the pong deadline moves on");
        assertEquals(Action.NO_PONG, notReading.next().dueOpen(T0 + 160, true).action());
    }

    @Test
    void idleClosesWhenNoDataMessageWentEitherWay() {
        Deadlines d = Deadlines.of(0, 30, 500, 0).opened(T0, true);
        assertEquals(T0 + 500, d.nextOpenDeadline());
        Deadlines busy = d.onData(T0 + 400);
        assertEquals(T0 + 900, busy.nextOpenDeadline());
        assertEquals(Action.NONE, busy.dueOpen(T0 + 899, true).action());
        assertEquals(Action.IDLE, busy.dueOpen(T0 + 900, true).action());
        assertEquals(Action.IDLE, d.dueOpen(T0 + 500, true).action());
    }

    @Test
    void idleComesBeforeAPingDueAtTheSameTime() {
        Deadlines d = Deadlines.of(100, 30, 100, 0).opened(T0, true);
        assertEquals(Action.IDLE, d.dueOpen(T0 + 100, true).action());
    }

    @Test
    void noPingsWhenOffOrWhenTheProtocolHasNone() {
        assertEquals(Long.MAX_VALUE, Deadlines.of(0, 30, 0, 0).opened(T0, true).nextOpenDeadline());
        Deadlines hixie = Deadlines.of(100, 30, 0, 0).opened(T0, false);
        assertEquals(Long.MAX_VALUE, hixie.nextOpenDeadline());
        assertEquals(Action.NONE, hixie.dueOpen(T0 + 1000, true).action());
        assertEquals(Long.MAX_VALUE, Deadlines.of(100, 30, 500, 0).nextOpenDeadline(), "not open yet");
    }

    @Test
    void aWriteStallIsDueWhenTheSocketTakesNothingForTheTimeout() {
        Deadlines watching = Deadlines.of(0, 30, 0, 1000).onBacklog(T0, "p1");
        assertTrue(watching.watchingStall());
        Step early = watching.checkStall(T0 + 999, "p1");
        assertEquals(Action.NONE, early.action());
        assertTrue(early.next().watchingStall());
        Step stalled = early.next().checkStall(T0 + 1000, "p1");
        assertEquals(Action.WRITE_STALL, stalled.action());
        assertFalse(stalled.next().watchingStall());
    }

    @Test
    void progressRestartsTheStallClockAndAnEmptyQueueEndsTheWatch() {
        Deadlines watching = Deadlines.of(0, 30, 0, 1000).onBacklog(T0, "p1");
        Step moved = watching.checkStall(T0 + 900, "p2");
        assertEquals(Action.NONE, moved.action());
        assertEquals(Action.NONE, moved.next().checkStall(T0 + 1800, "p2").action(), "900 ns since progress");
        assertEquals(Action.WRITE_STALL, moved.next().checkStall(T0 + 1900, "p2").action());
        Step drained = watching.checkStall(T0 + 5000, null);
        assertEquals(Action.NONE, drained.action());
        assertFalse(drained.next().watchingStall());
    }

    @Test
    void noStallWatchWhenOffOrNothingWaits() {
        assertFalse(Deadlines.of(0, 30, 0, 0).onBacklog(T0, "p1").watchingStall());
        assertFalse(Deadlines.of(0, 30, 0, 1000).onBacklog(T0, null).watchingStall());
        Deadlines watching = Deadlines.of(0, 30, 0, 1000).onBacklog(T0, "p1");
        assertSame(watching, watching.onBacklog(T0 + 10, "p2"), "already watching: the first backlog counts");
    }

    @Test
    void aStallWatchStartedBeforeOpenSurvivesTheOpen() {
        Deadlines opened = Deadlines.of(100, 30, 0, 1000).onBacklog(T0, "p1").opened(T0 + 10, true);
        assertTrue(opened.watchingStall());
        assertEquals(Action.WRITE_STALL, opened.checkStall(T0 + 1000, "p1").action());
    }
}
