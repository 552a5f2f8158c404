package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.decode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.encode;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wscodec.api.DeflateConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deflaters and inflaters are ended or pooled, never leaked, and idle connections hold none without takeover. */
class DeflateMemoryTest {

    private static final byte[] MESSAGE = ("{\"event\":\"update\",\"payload\":{\"id\":12345,\"name\":\"memory test\","
            + "\"values\":[1,2,3,4,5,6,7,8,9,10]}} repeated: {\"event\":\"update\"}").getBytes(US_ASCII);

    /** A server and a client extension that exchanged one message each way. */
    private static PerMessageDeflate[] connection(String... params) {
        PerMessageDeflate server = DeflateTestSupport.server(DeflateConfig.DEFAULT, params);
        PerMessageDeflate client = DeflateTestSupport.client(DeflateConfig.DEFAULT, server.params().params().stream()
                .map(p -> p.value() == null ? p.name() : p.name() + "=" + p.value()).toArray(String[]::new));
        assertArrayEquals(MESSAGE, decode(server, encode(client, MESSAGE)));
        assertArrayEquals(MESSAGE, decode(client, encode(server, MESSAGE)));
        return new PerMessageDeflate[] {server, client};
    }

    private static int live() {
        return ZlibPool.liveDeflaters() + ZlibPool.liveInflaters();
    }

    @Test
    void twoThousandConnectionsWithContextTakeoverLeaveNothingBehind() {
        int before = live();
        for (int i = 0; i < 2000; i++) {
            PerMessageDeflate[] c = connection();
            assertEquals(before + 4, live(), "each side keeps one deflater and one inflater");
            c[0].release();
            c[1].release();
            assertEquals(before, live());
        }
    }

    @Test
    void twoThousandConnectionsWithoutContextTakeoverOnlyFillTheBoundedPools() {
        int before = live();
        for (int i = 0; i < 2000; i++) {
            PerMessageDeflate[] c = connection("server_no_context_takeover", "client_no_context_takeover");
            c[0].release();
            c[1].release();
        }
        assertTrue(live() - before <= ZlibPool.pooled(), "only pooled instances remain");
        assertTrue(ZlibPool.pooled() <= 12 * ZlibPool.CAPACITY, "the pools are bounded");
    }

    @Test
    void idleConnectionsWithoutContextTakeoverHoldNoDeflaterOrInflater() {
        int before = live();
        List<PerMessageDeflate[]> open = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            PerMessageDeflate[] c = connection("server_no_context_takeover", "client_no_context_takeover");
            assertFalse(c[0].holdsNativeMemory());
            assertFalse(c[1].holdsNativeMemory());
            open.add(c);
        }
        assertTrue(live() - before <= ZlibPool.pooled(), "500 idle connections, only the pools hold zlib memory");
        open.forEach(c -> {
            c[0].release();
            c[1].release();
        });
    }

    @Test
    void idleConnectionsWithContextTakeoverHoldExactlyOnePerDirection() {
        int deflaters = ZlibPool.liveDeflaters();
        int inflaters = ZlibPool.liveInflaters();
        List<PerMessageDeflate[]> open = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            open.add(connection());
        }
        assertEquals(deflaters + 400, ZlibPool.liveDeflaters());
        assertEquals(inflaters + 400, ZlibPool.liveInflaters());
        open.forEach(c -> {
            c[0].release();
            c[1].release();
        });
        assertEquals(deflaters, ZlibPool.liveDeflaters());
        assertEquals(inflaters, ZlibPool.liveInflaters());
    }

    @Test
    void aConnectionThatNeverCompressesCreatesNothing() {
        int before = live();
        PerMessageDeflate server = DeflateTestSupport.server(DeflateConfig.DEFAULT);
        assertEquals(null, encode(server, new byte[10]), "below the threshold");
        assertFalse(server.holdsNativeMemory());
        assertEquals(before, live());
        server.release();
    }

    /**
     * Resident native memory does not grow over 2,000 released connections (a leak would be about 2,000 times
     * 100-300 KiB). The released extensions stay reachable, so a missing {@code end()} could not be hidden by the
     * garbage collector's cleaner.
     */
    @Test
    void residentNativeMemoryStaysFlatOverTwoThousandReleasedConnections() {
        assumeTrue(NativeMemory.available(), "needs /proc/self/status (Linux)");
        List<PerMessageDeflate[]> released = new ArrayList<>();
        for (int i = 0; i < 200; i++) { // warm up malloc arenas, JIT and pools
            PerMessageDeflate[] c = connection();
            c[0].release();
            c[1].release();
        }
        long start = NativeMemory.outsideJvmPools();
        for (int i = 0; i < 2000; i++) {
            PerMessageDeflate[] c = connection();
            c[0].release();
            c[1].release();
            released.add(c);
        }
        long growth = NativeMemory.outsideJvmPools() - start;
        assertEquals(2000, released.size());
        assertTrue(growth < 64L * 1024 * 1024, "native memory grew by " + growth / 1024 + " KiB");
    }
}
