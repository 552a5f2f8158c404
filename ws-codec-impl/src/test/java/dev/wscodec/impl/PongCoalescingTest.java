package dev.wscodec.impl;

import static dev.wscodec.impl.TestSupport.KEY;
import static dev.wscodec.impl.TestSupport.bytes;
import static dev.wscodec.impl.TestSupport.clientFrame;
import static dev.wscodec.impl.TestSupport.concat;
import static dev.wscodec.impl.TestSupport.serverFrame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wscodec.api.Ping;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 §5.5.3: pongs the caller has not polled yet are bounded. A few pings in one read are each answered (as
 * Autobahn 2.10 checks); beyond {@link OutputQueue#MAX_PENDING_PONGS} waiting pongs, a further ping's pong takes the
 * place of the newest, so a flood of pings that is never polled leaves a bounded output.
 */
class PongCoalescingTest {

    private static byte[] ping(int i) {
        return clientFrame(0x89, ("ping-" + i).getBytes(StandardCharsets.US_ASCII), KEY);
    }

    private static byte[] pong(int i) {
        return serverFrame(0x8A, ("ping-" + i).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aFewPingsInOneReadAreEachAnswered() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 1; i < 10; i++) {
            in.writeBytes(ping(i));
            expected.writeBytes(pong(i));
        }
        server.receive(ByteBuffer.wrap(in.toByteArray()), e -> { });
        assertArrayEquals(expected.toByteArray(), bytes(server.pollOutput()));
        assertNull(server.pollOutput());
    }

    @Test
    void aFloodOfPingsNeverPolledKeepsTheFirstPongsAndTheLatest() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        int[] pings = {0};
        for (int i = 0; i < 100_000; i++) {
            server.receive(ByteBuffer.wrap(ping(i)), e -> pings[0] += e instanceof Ping ? 1 : 0);
        }
        assertEquals(100_000, pings[0], "every ping is still reported to the caller");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < OutputQueue.MAX_PENDING_PONGS - 1; i++) {
            expected.writeBytes(pong(i));
        }
        expected.writeBytes(pong(99_999));
        assertArrayEquals(expected.toByteArray(), bytes(server.pollOutput()),
                "15 pongs in order, then the pong of the most recent ping");
        assertNull(server.pollOutput());
    }

    @Test
    void pollingStartsTheCountAgain() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        for (int round = 0; round < 3; round++) {
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < OutputQueue.MAX_PENDING_PONGS; i++) {
                in.writeBytes(ping(round * 100 + i));
                expected.writeBytes(pong(round * 100 + i));
            }
            server.receive(ByteBuffer.wrap(in.toByteArray()), e -> { });
            assertArrayEquals(expected.toByteArray(), bytes(server.pollOutput()), "round " + round);
        }
    }

    @Test
    void aCloseReplyAfterTheFloodStillGoesOutLast() {
        WsEngine server = TestSupport.openServer(WsConfig.DEFAULT);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            in.writeBytes(ping(i));
        }
        in.writeBytes(clientFrame(0x88, new byte[] {0x03, (byte) 0xE8}, KEY));
        server.receive(ByteBuffer.wrap(in.toByteArray()), e -> { });
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < OutputQueue.MAX_PENDING_PONGS - 1; i++) {
            expected.writeBytes(pong(i));
        }
        expected.writeBytes(concat(pong(39), serverFrame(0x88, new byte[] {0x03, (byte) 0xE8})));
        assertArrayEquals(expected.toByteArray(), bytes(server.pollOutput()));
        assertEquals(WsEngine.State.CLOSED, server.state());
    }
}
