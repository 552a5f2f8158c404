package dev.wscodec.vertx.impl.rx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.MessageChunk;
import dev.wscodec.api.Opcode;
import dev.wscodec.vertx.WsClosedException;
import dev.wscodec.vertx.WsMessageStream;
import io.reactivex.rxjava3.subscribers.TestSubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The receiveStreams() Flowable without a socket: when the connection may read (at most one chunk nobody asked
 * for), delivery of messages and chunks, dropping, and the end inside a message.
 */
class StreamInboundTest {

    private final Inbound.Source source = new Inbound.Source() {
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
        }
    };
    private final StreamInbound inbound = new StreamInbound(source,
            message -> new WsClosedException(CloseStatus.ABNORMAL, message));

    private static MessageChunk chunk(String s, boolean first, boolean last) {
        return new MessageChunk(Opcode.BINARY, ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), first, last);
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    /** Feeds a chunk as the connection does: offer, then drain. */
    private void feed(MessageChunk c) {
        assertTrue(inbound.wantsData(), "the connection reads only when asked to");
        inbound.offerChunk(c);
        inbound.drain();
    }

    @Test
    void readsForAMessageOnlyWhileItsChunksAreRequested() {
        assertFalse(inbound.wantsData(), "no subscriber: do not read");
        TestSubscriber<WsMessageStream> messages = inbound.test(0);
        assertFalse(inbound.wantsData(), "no demand for a message: do not read");
        messages.request(1);
        feed(chunk("ab", true, false));
        messages.assertValueCount(1);
        assertFalse(inbound.wantsData(), "nobody asked for chunks yet: the first one waits, nothing more is read");
        TestSubscriber<String> chunks = messages.values().get(0).chunks().map(StreamInboundTest::text).test(2);
        chunks.assertValues("ab");
        assertTrue(inbound.wantsData(), "one more chunk requested and none queued");
        feed(chunk("cd", false, false));
        chunks.assertValues("ab", "cd");
        assertFalse(inbound.wantsData(), "demand used up");
        chunks.request(1);
        feed(chunk("ef", false, true));
        chunks.assertValues("ab", "cd", "ef").assertComplete();
        assertFalse(inbound.wantsData(), "no demand for another message");
        messages.request(1);
        assertTrue(inbound.wantsData());
    }

    @Test
    void aCancelledMessageIsReadAndDroppedThenTheNextComes() {
        TestSubscriber<WsMessageStream> messages = inbound.test(2);
        feed(chunk("x", true, false));
        messages.values().get(0).chunks().test(0).cancel();
        assertTrue(inbound.wantsData(), "the rest of a cancelled message is read and dropped");
        feed(chunk("y", false, false));
        feed(chunk("z", false, true));
        assertEquals(0, inbound.queued());
        feed(chunk("next", true, true));
        messages.assertValueCount(2);
        messages.values().get(1).chunks().map(StreamInboundTest::text).test().assertValues("next").assertComplete();
    }

    @Test
    void aMessageWhoseLastChunkArrivedLetsTheNextBeReadAndStillDeliversItsOwn() {
        TestSubscriber<WsMessageStream> messages = inbound.test(2);
        feed(chunk("one", true, true));
        assertTrue(inbound.wantsData(), "the first message is complete: the next may be read");
        feed(chunk("two", true, true));
        messages.values().get(1).chunks().map(StreamInboundTest::text).test().assertValues("two").assertComplete();
        messages.values().get(0).chunks().map(StreamInboundTest::text).test().assertValues("one").assertComplete();
    }

    @Test
    void theEndInsideAMessageFailsItsChunksAndCompletesTheMessages() {
        TestSubscriber<WsMessageStream> messages = inbound.test(1);
        feed(chunk("half", true, false));
        TestSubscriber<ByteBuffer> chunks = messages.values().get(0).chunks().test(5);
        inbound.complete();
        inbound.drain();
        chunks.assertValueCount(1).assertError(e -> e instanceof WsClosedException
                && e.getMessage().equals("The connection closed before the message ended."));
        messages.assertComplete();
        assertFalse(inbound.wantsData());
    }

    @Test
    void emptyChunksAreNotDeliveredAndChunksAreUnicast() {
        TestSubscriber<WsMessageStream> messages = inbound.test(1);
        feed(chunk("", true, false));
        WsMessageStream m = messages.values().get(0);
        TestSubscriber<ByteBuffer> chunks = m.chunks().test(10);
        feed(chunk("", false, true));
        chunks.assertNoValues().assertComplete();
        m.chunks().test().assertError(IllegalStateException.class);
    }

    @Test
    void aNonPositiveRequestForChunksSignalsIllegalArgumentException() {
        TestSubscriber<WsMessageStream> messages = inbound.test(1);
        feed(chunk("a", true, false));
        TestSubscriber<ByteBuffer> chunks = messages.values().get(0).chunks().test(0);
        chunks.request(0);
        chunks.assertError(IllegalArgumentException.class);
        assertTrue(inbound.wantsData(), "the rest of the message is dropped");
    }
}
