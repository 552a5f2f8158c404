package dev.wscodec.conformance.fuzz;

import static dev.wscodec.conformance.fuzz.FuzzSupport.CONFIG;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wscodec.api.Accept;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.spi.ProviderSelection;
import dev.wscodec.api.spi.WsCodecProvider;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The legacy provider {@code hixie-76} behind {@link ProviderSelection} with {@code rfc6455}, as a server that
 * enables both serves them: arbitrary bytes as the request head (either protocol, or neither), the key bytes and
 * frames. Input: byte 0 picks the chunk size, the rest is the wire. Seeds in {@code HixieFuzzTestInputs}: draft-76
 * and draft-75 handshakes with text, discarded and closing frames.
 */
class HixieFuzzTest {

    private static final List<WsCodecProvider> BOTH = List.of(WsCodecProvider.lookup(),
            WsCodecProvider.lookup("hixie-76"));

    @FuzzTest(maxDuration = "60s")
    void selectingServerReadsAnything(byte[] input) {
        FuzzSupport.withinAllocationBound(input.length, CONFIG, () -> serve(input));
    }

    private static void serve(byte[] input) {
        WsEngine engine = ProviderSelection.serverEngine(BOTH, CONFIG, (input.length & 2) != 0);
        try {
            List<WsEvent> events = FuzzSupport.feed(engine, CONFIG, FuzzSupport.rest(input), FuzzSupport.chunkOf(input));
            if (engine.state() != WsEngine.State.AWAITING_DECISION) {
                return;
            }
            WsEvent last = events.get(events.size() - 1);
            if (last instanceof WsEvent.UpgradeRequest && (input.length & 1) == 0) {
                HandshakeFuzzTest.check(engine.accept(Accept.DEFAULT).remaining() > 0, "accept() returned no bytes.");
                try {
                    engine.receive(ByteBuffer.allocate(0), e -> FuzzSupport.checkEvent(e, CONFIG));
                } catch (WsProtocolException e) {
                    HandshakeFuzzTest.check(engine.state() == WsEngine.State.CLOSED, "Failed but not CLOSED.");
                }
            } else {
                engine.reject(HttpResponse.of(426));
                HandshakeFuzzTest.check(engine.state() == WsEngine.State.CLOSED, "reject() did not close the engine.");
            }
        } finally {
            engine.release();
        }
    }
}
