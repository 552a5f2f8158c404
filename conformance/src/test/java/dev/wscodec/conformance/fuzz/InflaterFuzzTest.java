package dev.wscodec.conformance.fuzz;

import static dev.wscodec.conformance.fuzz.FuzzSupport.CONFIG;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import java.io.ByteArrayOutputStream;

/**
 * The permessage-deflate inflater behind a negotiated server engine: the input is arbitrary DEFLATE data, sent as
 * one compressed message (RSV1 on its first frame) split into frames. Inflated output beyond the 16 KiB message
 * limit must end in 1009, corrupt data in 1007, never in an exception of another kind, a hang or a big allocation.
 * Input: byte 0 = flags (bit 0: text, bits 1-3: frames - 1, bits 4-7: chunk size for feeding), rest = DEFLATE data.
 */
class InflaterFuzzTest {

    private static final WsConfig DEFLATE = CONFIG.toBuilder().deflate(DeflateConfig.DEFAULT).build();

    @FuzzTest(maxDuration = "60s")
    void serverInflates(byte[] input) {
        int flags = input.length == 0 ? 0 : input[0] & 0xFF;
        byte[] data = FuzzSupport.rest(input);
        int frames = Math.min(((flags >>> 1) & 7) + 1, Math.max(1, data.length));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int per = (data.length + frames - 1) / Math.max(1, frames);
        for (int i = 0; i < frames; i++) {
            int from = Math.min(data.length, i * per);
            int to = i == frames - 1 ? data.length : Math.min(data.length, from + per);
            byte[] part = java.util.Arrays.copyOfRange(data, from, to);
            int opcode = i == 0 ? ((flags & 1) == 1 ? 0x1 : 0x2) : 0x0;
            int b0 = (i == frames - 1 ? 0x80 : 0) | (i == 0 ? 0x40 : 0) | opcode;
            wire.writeBytes(FuzzSupport.frame(b0, part, true));
        }
        int chunk = (flags >>> 4) == 0 ? Integer.MAX_VALUE : (flags >>> 4) * 37;
        FuzzSupport.withinAllocationBound(input.length, DEFLATE, () -> {
            WsEngine server = FuzzSupport.openServer(DEFLATE, FuzzSupport.seeded(DEFLATE));
            try {
                if (server.handshake().extensions().isEmpty()) {
                    throw new AssertionError("permessage-deflate was not negotiated between two engines that enable it.");
                }
                FuzzSupport.feed(server, DEFLATE, wire.toByteArray(), chunk);
            } finally {
                server.release();
            }
        });
    }
}
