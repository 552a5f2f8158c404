package dev.wscodec.hixie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.Accept;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Bytes, feeds and engines for the tests of this module. */
final class Wire {

    /** The request of draft-hixie-76 section 1.3 (its worked example), head only. */
    static final String EXAMPLE_HEAD = "GET /demo HTTP/1.1\r\n"
            + "Host: example.com\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n"
            + "Sec-WebSocket-Protocol: sample\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
            + "Origin: http://example.com\r\n"
            + "\r\n";
    /** The eight bytes after the example's head. */
    static final String EXAMPLE_KEY3 = "^n:ds[4U";
    /** The answer the example expects. */
    static final String EXAMPLE_ANSWER = "8jKS'y:G*Co,Wxa-";

    /** A draft-hixie-75 request. */
    static final String HEAD_75 = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Upgrade: WebSocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Host: localhost:9999\r\n"
            + "Origin: file://\r\n"
            + "WebSocket-Protocol: chat\r\n"
            + "\r\n";

    private Wire() {
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] hex(String s) {
        String h = s.replace(" ", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    static String text(ByteBuffer b) {
        return new String(bytes(b), StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code wire} as two receives split at {@code at}; returns the events. */
    static List<WsEvent> feedSplit(WsEngine engine, byte[] wire, int at) {
        List<WsEvent> events = new ArrayList<>();
        engine.receive(ByteBuffer.wrap(wire, 0, at), events::add);
        engine.receive(ByteBuffer.wrap(wire, at, wire.length - at), events::add);
        return events;
    }

    /** Feeds {@code wire} one byte at a time; returns the events. */
    static List<WsEvent> feedBytewise(WsEngine engine, byte[] wire) {
        List<WsEvent> events = new ArrayList<>();
        for (int i = 0; i < wire.length; i++) {
            engine.receive(ByteBuffer.wrap(wire, i, 1), events::add);
        }
        return events;
    }

    /**
     * Feeds {@code wire} to a fresh engine from {@code engines} split at every offset, then one byte at a time, and
     * hands each engine and its events to {@code check}.
     */
    static void everySplit(Supplier<WsEngine> engines, byte[] wire, Check check) {
        for (int at = 0; at <= wire.length; at++) {
            WsEngine engine = engines.get();
            check.accept(engine, feedSplit(engine, wire, at));
        }
        WsEngine engine = engines.get();
        check.accept(engine, feedBytewise(engine, wire));
    }

    /** What {@link #everySplit} checks. */
    interface Check {
        void accept(WsEngine engine, List<WsEvent> events);
    }

    /**
     * Feeds {@code wire} to fresh engines split at every offset; each time the exception must name
     * {@code violation} in a full sentence and leave the engine CLOSED by FAILURE. Returns the last exception.
     */
    static WsProtocolException assertFails(Supplier<WsEngine> engines, byte[] wire, Violation violation) {
        WsProtocolException last = null;
        for (int at = 0; at <= wire.length; at++) {
            WsEngine engine = engines.get();
            int split = at;
            WsProtocolException e = assertThrows(WsProtocolException.class, () -> feedSplit(engine, wire, split),
                    () -> "split at " + split);
            assertEquals(violation, e.violation(), () -> "split at " + split + ": " + e.getMessage());
            assertTrue(Character.isUpperCase(e.getMessage().charAt(0)) && e.getMessage().endsWith("."),
                    () -> "a full sentence: " + e.getMessage());
            assertEquals(WsEngine.State.CLOSED, engine.state());
            assertEquals(WsEngine.Initiator.FAILURE, engine.closeInitiator());
            last = e;
        }
        return last;
    }

    static WsEngine server(WsConfig config) {
        return new HixieProvider().newServerEngine(config);
    }

    /** A server engine that accepted the draft-76 example request (with the default choices). */
    static WsEngine openServer(WsConfig config) {
        WsEngine server = server(config);
        server.receive(ByteBuffer.wrap(latin1(EXAMPLE_HEAD + EXAMPLE_KEY3)), e -> { });
        server.accept(Accept.DEFAULT);
        return server;
    }

    /** A sink that ignores events. */
    static Consumer<WsEvent> ignore() {
        return e -> { };
    }
}
