package dev.wscodec.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the seeds' servers did, done by the jar's commands as processes and checked byte by byte with
 * {@link SeedClient}: subprotocol choice in the server's order of preference (seed 003), the echo on {@code /} that
 * the seeds' echo page connects to (seeds 000, 002), chat lines with 16- and 64-bit lengths (seed 001).
 */
class SeedsIT {

    private static int port(JarProcess p, String regex) throws InterruptedException {
        return Integer.parseInt(p.awaitLine(regex, 30).group(1));
    }

    @Test
    void chatChoosesChatOrSuperchatAndAnswersWithoutTheHeaderWhenNoneFits() throws Exception {
        try (JarProcess chat = JarProcess.start("chat", "--port", "0", "--instances", "1", "--host", "127.0.0.1")) {
            int port = port(chat, "Chat room on ws://127\\.0\\.0\\.1:(\\d+)/chat\\?name=YOUR_NAME over 1 verticle "
                    + "instance\\(s\\), subprotocols chat, superchat, lines of at most 4000 characters");
            String[][] cases = {
                {"chat, superchat", "chat"},    // RFC 6455's example request
                {"superchat, chat", "chat"},    // the server's order of preference decides
                {"superchat", "superchat"},
                {"mqtt, soap", null},           // none of ours: 101 without Sec-WebSocket-Protocol
                {null, null},
            };
            for (String[] c : cases) {
                try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/chat?name=seed", c[0])) {
                    assertTrue(s.responseHead().startsWith("HTTP/1.1 101 "), s.responseHead());
                    assertEquals(c[1], s.responseHeader("Sec-WebSocket-Protocol"), "offer " + c[0]);
                    assertTrue(s.readTextStartingWith("Welcome, seed!", 1000).fin());
                }
            }
        }
    }

    @Test
    void subprotocolOptionsReplaceTheDefaultsInTheGivenOrder() throws Exception {
        try (JarProcess echo = JarProcess.start("echo", "--port", "0", "--host", "127.0.0.1",
                "--subprotocol", "v2.example", "--subprotocol", "v1.example")) {
            int port = port(echo, "Echo server on ws://127\\.0\\.0\\.1:(\\d+)/, .*subprotocols v2.example, v1.example,");
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/", "v1.example, v2.example")) {
                assertEquals("v2.example", s.responseHeader("Sec-WebSocket-Protocol"));
            }
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/", "v1.example")) {
                assertEquals("v1.example", s.responseHeader("Sec-WebSocket-Protocol"));
            }
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/", "chat")) {
                assertTrue(s.responseHead().startsWith("HTTP/1.1 101 "), s.responseHead());
                assertNull(s.responseHeader("Sec-WebSocket-Protocol"), s.responseHead());
                s.sendText("still an echo");
                assertEquals("still an echo", s.read(100).text());
            }
        }
        try (JarProcess chat = JarProcess.start("chat", "--port", "0", "--instances", "1", "--subprotocol", "superchat")) {
            int port = port(chat, "Chat room on ws://localhost:(\\d+)/.* subprotocols superchat, lines");
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/chat", "chat, superchat")) {
                assertEquals("superchat", s.responseHeader("Sec-WebSocket-Protocol"));
            }
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/chat", "chat")) {
                assertNull(s.responseHeader("Sec-WebSocket-Protocol"), "chat is no longer offered by the server");
            }
        }
    }

    @Test
    void theSeedsEchoPageConnectsToSlashOnTheDemoAndOnEcho() throws Exception {
        try (JarProcess demo = JarProcess.start("demo", "--port", "0", "--host", "127.0.0.1")) {
            int port = port(demo, "open http://127\\.0\\.0\\.1:(\\d+)/ in a browser .*subprotocols chat, superchat;");
            // new WebSocket("ws://" + window.location.hostname + ":9876"): the target is /
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/", null)) {
                assertTrue(s.responseHead().startsWith("HTTP/1.1 101 "), s.responseHead());
                s.sendText("Hello World!");
                SeedClient.Frame echo = s.read(100);
                // seed 000: "Hello" should have gone out as 0x81 0x05 ...: one final, unmasked text frame
                assertEquals("Hello World!", echo.text());
                assertTrue(echo.fin() && echo.opcode() == 1 && echo.lengthBits() == 7, echo.toString());
            }
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/chat", "superchat")) {
                assertEquals("superchat", s.responseHeader("Sec-WebSocket-Protocol"));
            }
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/elsewhere", null)) {
                assertTrue(s.responseHead().startsWith("HTTP/1.1 404 "), s.responseHead());
            }
        }
        try (JarProcess echo = JarProcess.start("echo", "--port", "0", "--host", "127.0.0.1")) {
            int port = port(echo, "Echo server on ws://127\\.0\\.0\\.1:(\\d+)/, any path");
            try (SeedClient s = SeedClient.connect("127.0.0.1", port, "/", null)) {
                s.sendText("Hello World!");
                assertEquals("Hello World!", s.read(100).text());
            }
        }
    }

    @Test
    void chatCarriesSixtyFourBitLengthLinesWithMaxMessageAndAnswersBinaryWithANotice() throws Exception {
        try (JarProcess chat = JarProcess.start("chat", "--port", "0", "--instances", "1", "--host", "127.0.0.1",
                "--max-message", "100000")) {
            int port = port(chat, "Chat room on ws://127\\.0\\.0\\.1:(\\d+)/.*lines of at most 100000 bytes;");
            try (SeedClient sender = SeedClient.connect("127.0.0.1", port, "/chat?name=big", null);
                 SeedClient reader = SeedClient.connect("127.0.0.1", port, "/chat?name=reader", null)) {
                sender.readTextStartingWith("Welcome, big!", 1000);
                reader.readTextStartingWith("Welcome, reader!", 1000);
                sender.readTextStartingWith("* reader joined", 1000);

                String medium = "m".repeat(300);                 // a 16-bit length, both ways
                sender.sendText(medium);
                assertEquals(16, reader.readTextEndingWith(" big: " + medium, 1000).lengthBits());
                assertEquals(16, sender.readTextEndingWith(" big: " + medium, 1000).lengthBits());

                StringBuilder line = new StringBuilder();
                while (line.length() < 70_000) {
                    line.append("grüße ").append(line.length()).append(' ');
                }
                String big = line.toString().strip();
                int bytes = big.getBytes(StandardCharsets.UTF_8).length;
                assertTrue(bytes > 65_535 && bytes <= 100_000, "needs the 64-bit length: " + bytes);
                sender.sendText(big);
                SeedClient.Frame f = reader.read(200_000);
                assertTrue(f.text().matches("\\d\\d:\\d\\d:\\d\\d big: .*") && f.text().endsWith(" big: " + big),
                        "the whole line, broadcast: " + f.text().substring(0, 40));
                assertEquals(64, f.lengthBits(), "the broadcast has a 64-bit length too");
                assertEquals(64, sender.readTextEndingWith(" big: " + big, 200_000).lengthBits(), "the sender too");

                sender.sendText("x".repeat(100_001));
                assertEquals("Your message has 100001 bytes; the room takes at most 100000, so it was not sent.",
                        sender.readTextStartingWith("Your message", 1000).text());

                sender.send(2, new byte[] {1, 2, 3});
                assertEquals("The room takes text messages only; your binary message of 3 bytes was not sent.",
                        sender.readTextStartingWith("The room takes", 1000).text());

                reader.sendText("after the refusals");
                reader.readTextEndingWith(" reader: after the refusals", 1000);
                SeedClient.Frame next = sender.read(1000);
                assertTrue(next.text().endsWith(" reader: after the refusals"),
                        "refused lines reached nobody else: " + next.text());
            }
        }
    }
}
