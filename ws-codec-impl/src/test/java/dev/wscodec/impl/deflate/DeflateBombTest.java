package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Decompression bombs are refused cheaply (RFC 7692 §8.1 via the message limit, 1009). */
class DeflateBombTest {

    private static final int MIB = 1024 * 1024;
    /** 1 MiB of DEFLATE data that inflates to about 1 GiB of zeros. */
    private static byte[] bomb;
    private static long bombSize;

    /**
     * Builds the bomb cheaply: with a window full of zeros, SYNC_FLUSHing each further 1 MiB of zeros yields the
     * same bytes, so one such segment is repeated up to 1 MiB.
     */
    @BeforeAll
    static void buildBomb() {
        Deflater d = new Deflater(9, true);
        byte[] zeros = new byte[MIB];
        byte[] out = new byte[64 * 1024];
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            d.setInput(zeros);
            int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            segments.add(Arrays.copyOf(out, n));
        }
        d.end();
        byte[] head = segments.get(0);
        byte[] seg = segments.get(2);
        assertEquals(hex(seg), hex(segments.get(1)), "steady-state segments repeat");
        int reps = (MIB - head.length) / seg.length;
        bomb = new byte[head.length + reps * seg.length];
        System.arraycopy(head, 0, bomb, 0, head.length);
        for (int i = 0; i < reps; i++) {
            System.arraycopy(seg, 0, bomb, head.length + i * seg.length, seg.length);
        }
        bombSize = (long) (reps + 1) * MIB;
    }

    private static long allocatedByThisThread() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            return sun.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    @Test
    void aOneMebibyteFrameOfZerosInflatingToAGibibyteIsRefusedAtTheLimit() {
        assertTrue(bomb.length <= MIB && bombSize >= 1000L * MIB, "1 MiB inflating to about 1 GiB");
        PerMessageDeflate ext = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        int inflatersBefore = ZlibPool.liveInflaters();
        // warm up class loading and JIT-free paths so the allocation count below is about the bomb only
        DeflateTestSupport.Collector warm = new DeflateTestSupport.Collector(MIB);
        assertThrows(WsProtocolException.class, () -> ext.decode(ByteBuffer.wrap(bomb), true, warm));

        PerMessageDeflate victim = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        DeflateTestSupport.Collector counting = new DeflateTestSupport.Collector(MIB, false);
        long before = allocatedByThisThread();
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> victim.decode(ByteBuffer.wrap(bomb), true, counting));
        long allocated = allocatedByThisThread() - before;

        assertEquals(Violation.MESSAGE_TOO_BIG, e.violation());
        assertEquals(1009, e.closeCode());
        assertTrue(counting.total <= MIB + MessageInflater.MAX_STEP, "stopped one step past the limit: " + counting.total);
        assertTrue(counting.largestWrite <= MessageInflater.MAX_STEP, "bounded steps: " + counting.largestWrite);
        if (before >= 0) {
            assertTrue(allocated < 512 * 1024, "heap allocated while refusing the bomb: " + allocated);
        }
        assertFalse(victim.holdsNativeMemory(), "the inflater is ended at once");
        assertEquals(inflatersBefore, ZlibPool.liveInflaters());
        ext.release();
        victim.release();
    }

    @Test
    void theLimitCountsInflatedBytesAcrossFrames() {
        PerMessageDeflate ext = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        DeflateTestSupport.Collector sink = new DeflateTestSupport.Collector(2 * MIB);
        int frame = 4096;
        assertThrows(WsProtocolException.class, () -> {
            for (int off = 0; off < bomb.length; off += frame) {
                int len = Math.min(frame, bomb.length - off);
                ext.decode(ByteBuffer.wrap(bomb, off, len), off + len == bomb.length, sink);
            }
        });
        assertTrue(sink.total > 2 * MIB && sink.total <= 2 * MIB + MessageInflater.MAX_STEP);
        ext.release();
    }

    @Test
    void belowTheLimitABigInflationIsDeliveredInBoundedSteps() {
        PerMessageDeflate ext = DeflateTestSupport.client(DeflateConfig.DEFAULT);
        byte[] part = Arrays.copyOf(bomb, 8 * 1024); // inflates to several MiB
        DeflateTestSupport.Collector sink = new DeflateTestSupport.Collector();
        ext.decode(ByteBuffer.wrap(part), false, sink);
        assertTrue(sink.total > 4 * MIB, "inflated " + sink.total);
        assertTrue(sink.largestWrite <= MessageInflater.MAX_STEP);
        byte[] out = sink.toByteArray();
        for (byte b : out) {
            if (b != 0) {
                throw new AssertionError("not zeros");
            }
        }
        ext.release();
    }
}
