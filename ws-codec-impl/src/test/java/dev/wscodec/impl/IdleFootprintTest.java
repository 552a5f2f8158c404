package dev.wscodec.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.Message;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What an open, idle server engine keeps: no handshake parser, no header scratch, no decode buffer, not the
 * caller's event sink (walked with {@link Reachable}).
 */
class IdleFootprintTest {

    @Test
    void anOpenIdleServerEngineKeepsNoHandshakeParserScratchOrBuffer() throws Exception {
        TestSupport.Pair pair = TestSupport.open(WsConfig.DEFAULT);
        List<WsEvent> events = new ArrayList<>();
        Consumer<WsEvent> sink = events::add;
        // A message whose header arrives split, so the split-header path ran too.
        ByteBuffer frame = pair.client().send(BinaryMessage.of(new byte[300]));
        byte[] wire = TestSupport.bytes(frame);
        pair.server().receive(ByteBuffer.wrap(wire, 0, 3), sink);
        pair.server().receive(ByteBuffer.wrap(wire, 3, wire.length - 3), sink);
        pair.client().receive(pair.server().send((Message) events.get(0)));
        assertEquals(1, events.size());

        for (Object o : Reachable.from(pair.server())) {
            String name = o.getClass().getName();
            assertTrue(!name.contains("Handshaker") && !name.contains("HttpHeadParser") && !name.contains("EarlyInput"),
                    "no handshake state: " + name);
            assertTrue(!(o instanceof byte[] b) || b.length == 0, "no buffer: byte[" + (o instanceof byte[] b ? b.length : 0) + "]");
            assertTrue(!(o instanceof ByteBuffer), "no ByteBuffer");
            assertTrue(o != sink && o != events, "the caller's sink is not kept");
        }
    }
}
