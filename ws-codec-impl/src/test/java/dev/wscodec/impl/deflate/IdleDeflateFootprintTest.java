package dev.wscodec.impl.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.impl.Reachable;
import dev.wscodec.impl.frame.Scratch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an idle connection with permessage-deflate keeps between messages: its zlib contexts (context takeover needs
 * them), but no inflate step, deflate output or unmasking buffer. Walks the engine's own objects (classes of this
 * module and arrays, the deflate extension included) by reflection, leaving out the completed handshake, which
 * {@code engine.handshake()} returns by contract; {@code java.util.zip} objects are reported, not entered.
 */
class IdleDeflateFootprintTest {

    private static String json(int size) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append("{\"id\":").append(i).append(",\"name\":\"item-").append(i).append("\"},");
        }
        return sb.substring(0, size);
    }

    private static void send(WsEngine from, WsEngine to, String text, int pieces) {
        ByteBuffer out = from.send(TextMessage.of(text));
        byte[] wire = new byte[out.remaining()];
        out.get(wire);
        List<WsEvent> events = new ArrayList<>();
        // the frame arrives in pieces, so the inflater and the unmasking run once per piece
        int at = 0;
        for (int i = 1; i <= pieces; i++) {
            int end = wire.length * i / pieces;
            to.receive(ByteBuffer.wrap(wire, at, end - at), events::add);
            at = end;
        }
        assertEquals(1, events.size());
        assertEquals(text, ((TextMessage) events.get(0)).text());
    }

    @Test
    void anIdleDeflateServerEngineKeepsItsContextsButNoBuffer() throws Exception {
        WsConfig config = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        EngineLoop loop = EngineLoop.open(config, config);
        String small = json(1024);
        String large = json(100_000); // more than one inflate step and one deflate buffer
        for (String text : List.of(small, large, small)) {
            send(loop.client, loop.server, text, 3);
            send(loop.server, loop.client, text, 1);
        }

        List<Object> kept = Reachable.from(loop.server);
        int zlib = 0;
        for (Object o : kept) {
            assertTrue(!(o instanceof byte[] b) || b.length == 0,
                    "no buffer: byte[" + (o instanceof byte[] b ? b.length : 0) + "] in an idle engine");
            assertTrue(!(o instanceof ByteBuffer), "no ByteBuffer in an idle engine");
            if (o instanceof java.util.zip.Deflater || o instanceof java.util.zip.Inflater) {
                zlib++;
            }
        }
        assertEquals(2, zlib, "context takeover both ways: one deflater and one inflater kept");
        PerMessageDeflate ext = (PerMessageDeflate) kept.stream().filter(o -> o instanceof PerMessageDeflate)
                .findFirst().orElseThrow();
        assertTrue(ext.holdsNativeMemory());
        loop.release();
    }

    @Test
    void scratchIsLentPerCallAndNeverShared() {
        byte[] a = Scratch.borrow(Scratch.INFLATE);
        byte[] nested = Scratch.borrow(Scratch.INFLATE); // lent out already: a new array
        assertNotSame(a, nested);
        assertEquals(Scratch.SIZE, nested.length);
        assertNotSame(a, Scratch.borrow(Scratch.DEFLATE));
        Scratch.giveBack(Scratch.INFLATE, a);
        assertSame(a, Scratch.borrow(Scratch.INFLATE), "reused by the next call on this thread");
        Scratch.giveBack(Scratch.INFLATE, a);
    }

    @Test
    void aMessageLargerThanTheScratchRoundTrips() {
        WsConfig config = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        EngineLoop loop = EngineLoop.open(config, config);
        byte[] random = new byte[3 * Scratch.SIZE + 17];
        new java.util.SplittableRandom(7).nextBytes(random); // incompressible: deflate output > one buffer
        Message m = dev.wscodec.api.BinaryMessage.of(random);
        List<WsEvent> events = EngineLoop.deliver(loop.server, loop.client.send(m));
        assertEquals(List.of(m), events);
        assertEquals(List.of(m), EngineLoop.deliver(loop.client, loop.server.send(m)));
        loop.release();
    }
}
