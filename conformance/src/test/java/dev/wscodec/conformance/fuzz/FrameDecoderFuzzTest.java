package dev.wscodec.conformance.fuzz;

import static dev.wscodec.conformance.fuzz.FuzzSupport.CONFIG;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wscodec.api.Message;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsUsageException;
import java.util.List;

/**
 * The frame decoder in both roles, fed arbitrary bytes after a real handshake. Input: byte 0 picks the chunk size
 * the bytes are fed in (0 = all at once), the rest is the wire. Seeds in {@code FrameDecoderFuzzTestInputs/}.
 */
class FrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void serverDecodesFrames(byte[] input) {
        FuzzSupport.withinAllocationBound(input.length, CONFIG,
                () -> decode(FuzzSupport.openServer(CONFIG, FuzzSupport.seeded(CONFIG)), CONFIG, input));
    }

    @FuzzTest(maxDuration = "60s")
    void clientDecodesFrames(byte[] input) {
        WsConfig client = FuzzSupport.seeded(CONFIG);
        FuzzSupport.withinAllocationBound(input.length, client,
                () -> decode(FuzzSupport.openClient(FuzzSupport.seeded(CONFIG), CONFIG), client, input));
    }

    /** Streaming mode delivers chunks instead of whole messages; same wire rules. */
    @FuzzTest(maxDuration = "60s")
    void serverDecodesFramesStreaming(byte[] input) {
        WsConfig streaming = CONFIG.toBuilder().streaming(true).build();
        FuzzSupport.withinAllocationBound(input.length, streaming,
                () -> decode(FuzzSupport.openServer(streaming, FuzzSupport.seeded(CONFIG)), streaming, input));
    }

    private static void decode(WsEngine engine, WsConfig config, byte[] input) {
        try {
            List<WsEvent> events = FuzzSupport.feed(engine, config, FuzzSupport.rest(input), FuzzSupport.chunkOf(input));
            // Whatever came in can be echoed while the connection is open: the encoder must take it.
            for (WsEvent e : events) {
                if (e instanceof Message m && engine.state() == WsEngine.State.OPEN) {
                    engine.send(m);
                }
            }
        } catch (WsUsageException e) {
            throw new AssertionError("The engine blamed the caller for the peer's bytes.", e);
        } finally {
            engine.release();
        }
    }
}
