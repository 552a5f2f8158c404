package dev.wscodec.bench.soak;

import dev.wscodec.api.BinaryMessage;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsSession;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The clients that play by the rules, on the bridge's own {@link WsClient}: every one of their messages must come
 * back (echo), reach every member (chat) or arrive in sequence (ticker), and every session must end with 1000.
 * Each client is a loop on a thread of its own, bounded by the deadline.
 */
final class WellBehaved {

    private static final long TIMEOUT_S = 30;

    private final WsClient plain;
    private final WsClient deflate;

    WellBehaved(Vertx vertx) {
        WsClientOptions o = new WsClientOptions().setCloseTimeout(Duration.ofSeconds(5));
        plain = WsClient.create(vertx, new WsClientOptions(o));
        deflate = WsClient.create(vertx, new WsClientOptions(o)
                .setCodecConfig(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build()));
    }

    private static Message randomMessage(Random r) {
        int p = r.nextInt(100);
        int size = p < 70 ? 1 + r.nextInt(200)
                : p < 95 ? 200 + r.nextInt(16 * 1024)
                : 16 * 1024 + r.nextInt(240 * 1024);
        if (r.nextBoolean()) {
            byte[] b = new byte[size];
            r.nextBytes(b);
            return BinaryMessage.wrap(b);
        }
        char[] c = new char[size];
        for (int i = 0; i < size; i++) {
            c[i] = (char) (' ' + r.nextInt(95)); // printable ASCII: valid UTF-8, compressible a little
        }
        return TextMessage.of(new String(c));
    }

    /** Ends a session with 1000 and checks that it ended so. */
    private static void closeCleanly(WsSession s, Tally t, String who) {
        s.close(1000, "done").blockingAwait(TIMEOUT_S, TimeUnit.SECONDS);
        CloseStatus st = s.onClose().timeout(TIMEOUT_S, TimeUnit.SECONDS).blockingGet();
        if (st.code() != 1000) {
            t.error(who + " ended with " + st.code() + " " + st.reason());
        }
    }

    /**
     * Echo: sessions of up to 200 round trips each (every other client with permessage-deflate); every echo must
     * equal what was sent.
     */
    void echo(String url, int id, long deadline, Tally t) {
        Random r = new Random(id);
        WsClient client = id % 2 == 0 ? deflate : plain;
        while (System.nanoTime() < deadline) {
            String who = "echo client " + id;
            try {
                WsSession s = client.connect(url).timeout(TIMEOUT_S, TimeUnit.SECONDS).blockingGet();
                t.sessions.incrementAndGet();
                BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
                s.receive().subscribe(inbox::add, e -> t.error(who + ": receive failed: " + e));
                for (int i = 0; i < 200 && System.nanoTime() < deadline; i++) {
                    Message m = randomMessage(r);
                    s.send(m).blockingAwait(TIMEOUT_S, TimeUnit.SECONDS);
                    Message back = inbox.poll(TIMEOUT_S, TimeUnit.SECONDS);
                    if (!m.equals(back)) {
                        t.error(who + ": sent " + m.length() + " bytes, got back "
                                + (back == null ? "nothing" : back.length() + " different bytes"));
                        break;
                    }
                    t.messages.incrementAndGet();
                    t.bytes.addAndGet(m.length());
                }
                closeCleanly(s, t, who);
            } catch (Exception e) {
                t.error(who + ": " + e);
            }
        }
    }

    /**
     * Chat: {@code members} clients join, wait for each other, then each sends a numbered line every
     * {@code periodMs} until the deadline; every member must receive every line of every member.
     */
    void chat(String url, int members, long periodMs, long deadline, Tally t) throws InterruptedException {
        CountDownLatch joined = new CountDownLatch(members);
        CountDownLatch sent = new CountDownLatch(members);
        Map<Integer, Integer> sentCount = new ConcurrentHashMap<>();
        Map<Integer, Set<String>> received = new ConcurrentHashMap<>();
        Thread[] threads = new Thread[members];
        for (int i = 0; i < members; i++) {
            int id = i;
            threads[i] = new Thread(() -> {
                String who = "chat member " + id;
                Set<String> got = ConcurrentHashMap.newKeySet();
                received.put(id, got);
                WsSession s = null;
                try {
                    s = plain.connect(url + "?name=soak" + id).timeout(TIMEOUT_S, TimeUnit.SECONDS).blockingGet();
                    t.sessions.incrementAndGet();
                    CountDownLatch seenSelf = new CountDownLatch(1);
                    s.receive().subscribe(m -> {
                        String text = ((TextMessage) m).text();
                        if (text.equals("* soak" + id + " joined the room")) {
                            seenSelf.countDown();
                        }
                        int at = text.indexOf(": soakline ");
                        if (at > 0) {
                            got.add(text.substring(at + 2));
                            t.bytes.addAndGet(m.length());
                        }
                    }, e -> t.error(who + ": receive failed: " + e));
                    if (!seenSelf.await(TIMEOUT_S, TimeUnit.SECONDS)) {
                        t.error(who + " never saw its own arrival");
                    }
                } catch (Exception e) {
                    t.error(who + " could not join: " + e);
                }
                joined.countDown();
                int n = 0;
                try {
                    joined.await(TIMEOUT_S, TimeUnit.SECONDS);
                    while (s != null && System.nanoTime() < deadline) {
                        s.sendText("soakline " + id + " " + n).blockingAwait(TIMEOUT_S, TimeUnit.SECONDS);
                        n++;
                        Thread.sleep(periodMs);
                    }
                } catch (Exception e) {
                    t.error(who + ": sending failed: " + e);
                }
                sentCount.put(id, n);
                sent.countDown();
                try {
                    // Everyone stopped sending and the last lines had time to arrive: leave.
                    sent.await(TIMEOUT_S, TimeUnit.SECONDS);
                    Thread.sleep(2000);
                    if (s != null) {
                        closeCleanly(s, t, who);
                    }
                } catch (Exception e) {
                    t.error(who + ": closing failed: " + e);
                }
            }, "soak-chat-" + id);
            threads[i].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        for (int to = 0; to < members; to++) {
            Set<String> got = received.get(to);
            for (int from = 0; from < members; from++) {
                for (int k = 0; k < sentCount.getOrDefault(from, 0); k++) {
                    if (!got.contains("soakline " + from + " " + k)) {
                        t.error("chat member " + to + " missed line " + k + " of member " + from);
                    } else {
                        t.messages.incrementAndGet();
                    }
                }
            }
        }
    }

    /**
     * Ticker: subscribes to two topics and checks that each topic's updates arrive in order, numbered 1, 2, 3, ...;
     * a gap is the ticker's documented latest-only policy at work and is counted apart (see {@link Tally#conflated});
     * sessions of 20 s, then a clean close and a new session.
     */
    void ticker(String url, int id, long deadline, Tally t) {
        String[] topics = {"soak" + (id % 3), "common"};
        while (System.nanoTime() < deadline) {
            String who = "ticker client " + id;
            try {
                WsSession s = plain.connect(url).timeout(TIMEOUT_S, TimeUnit.SECONDS).blockingGet();
                t.sessions.incrementAndGet();
                Map<String, Long> last = new HashMap<>();
                s.receive().subscribe(m -> {
                    String text = ((TextMessage) m).text();
                    if (!text.startsWith("tick ")) {
                        return;
                    }
                    String[] w = text.split(" ");
                    long seq = Long.parseLong(w[2]);
                    synchronized (last) {
                        long prev = last.getOrDefault(w[1], 0L);
                        if (seq <= prev) {
                            t.error(who + ": topic " + w[1] + " went from " + prev + " back to " + seq);
                        } else if (seq > prev + 1) {
                            // The ticker keeps only the latest update of a topic while the session cannot take
                            // one (a stalled event loop on this busy machine); counted, not an error.
                            t.conflated.addAndGet(seq - prev - 1);
                        }
                        last.put(w[1], seq);
                    }
                    t.messages.incrementAndGet();
                    t.bytes.addAndGet(m.length());
                }, e -> t.error(who + ": receive failed: " + e));
                for (String topic : topics) {
                    s.sendText("subscribe " + topic).blockingAwait(TIMEOUT_S, TimeUnit.SECONDS);
                }
                long end = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
                while (System.nanoTime() < end) {
                    Thread.sleep(Math.max(1, Math.min(500, (end - System.nanoTime()) / 1_000_000)));
                }
                closeCleanly(s, t, who);
                synchronized (last) {
                    if (last.size() != topics.length) {
                        t.error(who + ": updates came for " + last.keySet() + " only");
                    }
                }
            } catch (Exception e) {
                t.error(who + ": " + e);
            }
        }
    }

    void close() {
        plain.close();
        deflate.close();
    }
}
