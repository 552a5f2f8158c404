package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEvent;
import dev.wscodec.vertx.TestPorts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jar's {@code chat} and {@code ticker} commands as processes, with the JDK's WebSocket client. */
class ChatAndTickerIT {

    @Test
    void chatBroadcastsAcrossVerticleInstancesAndQuitLeaves() throws Exception {
        int port = TestPorts.free();   // a fixed port: two verticle instances share it
        try (JarProcess chat = JarProcess.start("chat", "--port", Integer.toString(port), "--instances", "2")) {
            chat.awaitLine("Chat room on ws://localhost:" + port + "/chat\\?name=YOUR_NAME \\(every interface\\) over 2 verticle "
                    + "instance", 30);
            String base = "ws://127.0.0.1:" + port + "/chat?name=";
            try (JdkClient alice = JdkClient.connect(base + "alice", "chat", "superchat");
                 JdkClient bob = JdkClient.connect(base + "b%C3%B6b%3Cscript%3E", "superchat", "chat")) {
                assertEquals("chat", alice.subprotocol(), "RFC 6455's example offer 'chat, superchat' gets 'chat'");
                assertEquals("chat", bob.subprotocol());
                assertEquals("Welcome, alice! Everything you send goes to the whole room; send quit to leave.",
                        alice.nextText());
                assertTrue(bob.nextText().startsWith("Welcome, böbscript!"), "names are cleaned of markup");
                alice.nextStartingWith("* böbscript joined the room");

                alice.sendText("hello from alice");
                bob.nextMatching("\\d\\d:\\d\\d:\\d\\d alice: hello from alice");
                // the sender sees its own message too: it went to the whole room through the event bus
                alice.nextMatching("\\d\\d:\\d\\d:\\d\\d alice: hello from alice");

                bob.sendText("y".repeat(5000));
                assertEquals("Your message has 5000 characters; the room takes at most 4000, so it was not sent.",
                        bob.nextStartingWith("Your message"));

                alice.sendText("quit");
                assertEquals("Bye, alice!", alice.nextStartingWith("Bye"));
                assertEquals(new JdkClient.Closed(1000, "quit"), alice.next());
                bob.nextStartingWith("* alice left the room");
            }
        }
    }

    @Test
    void tickerMergesSubscribedTopicsAndStopsOnUnsubscribe() throws Exception {
        try (JarProcess ticker = JarProcess.start("ticker", "--port", "0", "--interval", "40", "--overflow", "drop")) {
            int port = Integer.parseInt(ticker.awaitLine("Ticker on ws://localhost:(\\d+)/ .*every 40 ms; slow clients: drop",
                    30).group(1));
            try (JdkClient c = JdkClient.connect("ws://127.0.0.1:" + port + "/")) {
                c.sendText("subscribe alpha");
                assertEquals("subscribed alpha", c.nextText());
                assertTrue(c.nextText().matches("tick alpha 1 \\d+\\.\\d\\d"));
                c.sendText("subscribe beta");
                c.nextStartingWith("subscribed beta");
                c.nextStartingWith("tick beta ");
                long seen = Long.parseLong(c.nextStartingWith("tick alpha ").split(" ")[2]);
                c.sendText("unsubscribe alpha");
                c.nextStartingWith("unsubscribed alpha");
                List<String> after = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    after.add(c.nextText());
                }
                assertTrue(after.stream().allMatch(s -> s.startsWith("tick beta ")), "only beta after unsubscribing: " + after);
                c.sendText("subscribe alpha");
                c.nextStartingWith("subscribed alpha");
                long again = Long.parseLong(c.nextStartingWith("tick alpha ").split(" ")[2]);
                assertTrue(again > seen, "subscribing again continues the numbering: " + again + " after " + seen);
                c.sendText("buy everything");
                String error = c.nextStartingWith("error: ");
                assertEquals("error: unknown command 'buy everything'; send 'subscribe TOPIC' or 'unsubscribe TOPIC'.",
                        error);
                assertFalse(ticker.transcript().contains("Exception"), ticker.transcript());
            }
        }
    }

    /**
     * The fan-out servers answer a browser's permessage-deflate offer with {@code server_no_context_takeover}, so
     * that a published message is compressed once for all subscribers; {@code --no-deflate} declines the offer.
     */
    @Test
    void tickerAnswersDeflateWithServerNoContextTakeoverAndNoDeflateDeclines() throws Exception {
        WsConfig offer = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();
        try (JarProcess ticker = JarProcess.start("ticker", "--port", "0", "--interval", "40")) {
            int port = Integer.parseInt(ticker.awaitLine("Ticker on ws://localhost:(\\d+)/ ", 30).group(1));
            try (EngineClient c = new EngineClient(port, "/", offer, List.of())) {
                WsEvent.HandshakeAccepted accepted = (WsEvent.HandshakeAccepted) c.next();
                assertEquals(1, accepted.extensions().size(), accepted.extensions().toString());
                ExtensionParams deflate = accepted.extensions().get(0);
                assertEquals("permessage-deflate", deflate.name());
                assertTrue(deflate.has("server_no_context_takeover"), deflate.toString());
                c.send(TextMessage.of("subscribe alpha"));
                assertEquals("subscribed alpha", ((TextMessage) c.next()).text());
                String tick = ((TextMessage) c.next()).text();
                assertTrue(tick.matches("tick alpha 1 \\d+\\.\\d\\d"), tick);
            }
        }
        try (JarProcess ticker = JarProcess.start("ticker", "--port", "0", "--no-deflate")) {
            int port = Integer.parseInt(ticker.awaitLine("Ticker on ws://localhost:(\\d+)/ ", 30).group(1));
            try (EngineClient c = new EngineClient(port, "/", offer, List.of())) {
                assertEquals(List.of(), ((WsEvent.HandshakeAccepted) c.next()).extensions());
            }
        }
    }
}
