package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How much the engine allocates for a received message, measured per thread: a header alone reserves little, a
 * frame that arrives whole is copied once into an array of its exact size.
 */
class AllocationTest {

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void measurable() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported());
        threads = (com.sun.management.ThreadMXBean) bean;
    }

    private static long allocated(Runnable r) {
        long before = threads.getCurrentThreadAllocatedBytes();
        r.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static final int MIB = 1 << 20;

    @Test
    void aHeaderAloneReservesAtMost64KiB() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        byte[] header = TestSupport.hex("82 7F 00 00 00 00 00 10 00 00"); // 1 MiB announced, nothing follows
        client.receive(ByteBuffer.wrap(header)); // warm up the code path on a first connection
        WsEngine fresh = TestSupport.openClient(WsConfig.DEFAULT);
        long bytes = allocated(() -> fresh.receive(ByteBuffer.wrap(header)));
        assertTrue(bytes < 100_000, "allocated " + bytes);
    }

    @Test
    void aWholeFrameIsCopiedOnceIntoAnExactArray() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        byte[] wire = TestSupport.concat(TestSupport.hex("82 7F 00 00 00 00 00 10 00 00"), RfcExamplesTest.pattern(MIB));
        client.receive(ByteBuffer.wrap(wire));
        List<WsEvent> events = new ArrayList<>();
        long bytes = allocated(() -> client.receive(ByteBuffer.wrap(wire), events::add));
        assertEquals(MIB, ((BinaryMessage) events.get(0)).length());
        assertTrue(bytes >= MIB && bytes < MIB + 50_000, "one array of 1 MiB, allocated " + bytes);
    }

    @Test
    void aFrameReadInPiecesGrowsToItsExactSize() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        byte[] payload = RfcExamplesTest.pattern(MIB - 3);
        byte[] wire = TestSupport.concat(TestSupport.hex("82 7F 00 00 00 00 00 0F FF FD"), payload);
        List<WsEvent> events = new ArrayList<>();
        long bytes = allocated(() -> {
            for (int pos = 0; pos < wire.length; pos += 10_000) {
                client.receive(ByteBuffer.wrap(wire, pos, Math.min(10_000, wire.length - pos)), events::add);
            }
        });
        assertEquals(1, events.size());
        assertEquals(ByteBuffer.wrap(payload), ((BinaryMessage) events.get(0)).payload());
        assertTrue(bytes < 3L * MIB, "doubling from 64 KiB to the exact size, allocated " + bytes);
    }

    @Test
    void a64KiBFrameReadInPiecesIsAllocatedOnceAtItsExactSize() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        byte[] payload = RfcExamplesTest.pattern(65536);
        byte[] wire = TestSupport.serverFrame(0x82, payload);
        List<WsEvent> events = new ArrayList<>();
        Runnable feed = () -> {
            for (int pos = 0; pos < wire.length; pos += 1000) {
                client.receive(ByteBuffer.wrap(wire, pos, Math.min(1000, wire.length - pos)), events::add);
            }
        };
        feed.run(); // warm up
        long bytes = allocated(feed);
        assertEquals(2, events.size());
        assertEquals(ByteBuffer.wrap(payload), ((BinaryMessage) events.get(1)).payload());
        // one 64 KiB array, plus the 66 ByteBuffers of this loop and the message object
        assertTrue(bytes >= 65536 && bytes < 65536 + 8_000, "one array of 64 KiB, allocated " + bytes);
    }

    @Test
    void smallFragmentsDoNotReserveMoreThanTheyNeed() {
        WsEngine client = TestSupport.openClient(WsConfig.DEFAULT);
        byte[] part = RfcExamplesTest.pattern(100);
        byte[] wire = TestSupport.concat(TestSupport.serverFrame(0x02, part), TestSupport.serverFrame(0x00, part),
                TestSupport.serverFrame(0x80, part));
        List<WsEvent> events = new ArrayList<>();
        Runnable feed = () -> client.receive(ByteBuffer.wrap(wire), events::add);
        long bytes = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) { // the first runs also link the lambdas
            bytes = Math.min(bytes, allocated(feed));
        }
        assertEquals(5, events.size());
        assertEquals(300, ((BinaryMessage) events.get(4)).length());
        // 200 + 300 bytes of arrays (doubling from twice the first frame, then the exact size), the message, the buffer
        assertTrue(bytes < 1_000, "a 300-byte message in three frames, allocated " + bytes);
    }
}
