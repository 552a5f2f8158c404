package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.hex;
import static dev.wscodec.impl.TestSupport.serverFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscodec.api.Message;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An application that answers from inside the receive callback must not overtake the engine's own output: the pong
 * for a ping that arrived between two fragments goes on the wire before the echo of the message (Autobahn 5.6).
 */
class SendOrderTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pongQueuedDuringReceiveGoesBeforeAnEchoSentFromTheCallback() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        byte[] input = concat(
                clientFrame(0x01, utf8("fragment1"), KEY),     // text, FIN clear
                clientFrame(0x89, utf8("ping payload"), KEY),  // ping between the fragments
                clientFrame(0x80, utf8("fragment2"), KEY));    // continuation, FIN
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        server.receive(ByteBuffer.wrap(input), e -> {
            if (e instanceof Message m) {
                wire.writeBytes(bytes(server.send(m)));        // echo at once, as the javadoc's example does
            }
        });
        ByteBuffer rest = server.pollOutput();
        if (rest != null) {
            wire.writeBytes(bytes(rest));
        }
        byte[] expected = concat(serverFrame(0x8A, utf8("ping payload")), serverFrame(0x81, utf8("fragment1fragment2")));
        assertArrayEquals(expected, wire.toByteArray());
    }

    @Test
    void sendWithNothingQueuedReturnsJustTheFrame() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        assertArrayEquals(hex("81 02 68 69"), bytes(server.send(dev.wscodec.api.TextMessage.of("hi"))));
        assertNull(server.pollOutput());
    }

    @Test
    void outputHandedOutBySendIsNotHandedOutAgain() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        server.receive(ByteBuffer.wrap(clientFrame(0x89, utf8("p"), KEY)));
        byte[] sent = bytes(server.send(dev.wscodec.api.TextMessage.of("hi")));
        assertArrayEquals(concat(hex("8a 01 70"), hex("81 02 68 69")), sent);
        assertNull(server.pollOutput(), "the pong was written with the message");
    }
}
