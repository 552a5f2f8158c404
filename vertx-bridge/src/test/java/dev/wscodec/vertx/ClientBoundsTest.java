package dev.wscodec.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.vertx.impl.rx.Probes;
import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.WsConfig;
import io.reactivex.rxjava3.core.FlowableSubscriber;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.reactivestreams.Subscription;

/**
 * Issue 11: both bounds hold for the client role. A hostile server (a raw socket) floods pings and never reads, or
 * sends a burst of compressed messages while the application has asked for one: a {@link WsClient} holds at most
 * its outbound limit of pongs (then the write-stall timeout drops the server), and at most one undelivered message.
 */
@ExtendWith(VertxExtension.class)
class ClientBoundsTest {

    @Test
    void aPingFloodingServerThatNeverReadsCostsTheClientAtMostItsLimit(Vertx vertx) throws Exception {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(4096); // inherited by the accepted socket
            listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            // Small socket buffers: the pongs (the engine answers at most 16 pings of each read) back up soon.
            WsClientOptions options = TestSupport.clientOptions()
                    .setMaxQueuedOutboundBytes(PingFloodTest.LIMIT).setWriteStallTimeout(Duration.ofSeconds(2));
            options.getNetClientOptions().setSendBufferSize(8 * 1024);
            WsClient client = WsClient.create(vertx, options);
            CompletableFuture<WsSession> connected = client.connect("ws://127.0.0.1:" + listener.getLocalPort() + "/")
                    .toCompletionStage().toCompletableFuture();
            try (Socket server = listener.accept()) {
                accept(server, null);
                WsSession session = connected.get(10, TimeUnit.SECONDS);
                session.receive().subscribe(); // the application reads (and wants) everything
                CompletableFuture<Throwable> flood = CompletableFuture.supplyAsync(() -> {
                    byte[] batch = serverFrames(0x89, new byte[125], 1000);
                    try {
                        OutputStream out = server.getOutputStream();
                        for (int i = 0; i < PingFloodTest.PINGS / 1000; i++) {
                            out.write(batch);
                        }
                        return null;
                    } catch (IOException e) {
                        return e; // the client dropped the server
                    }
                });
                long max = 0;
                while (!flood.isDone()) {
                    max = Math.max(max, Probes.queuedOutboundBytes(session));
                    Thread.sleep(5);
                }
                assertTrue(max <= PingFloodTest.LIMIT + PingFloodTest.SLACK, "the client queued up to " + max
                        + " bytes of pongs for a server that never reads; the limit is " + PingFloodTest.LIMIT);
                assertTrue(flood.get(60, TimeUnit.SECONDS) != null, "the client kept reading a server that did not "
                        + "read its pongs");
                CloseStatus status = session.onClose().timeout(30, TimeUnit.SECONDS).blockingGet();
                assertEquals(CloseStatus.ABNORMAL, status, "dropped by the write-stall timeout");
            }
        }
    }

    @Test
    void aCompressedBurstFromTheServerIsInflatedOnlyAsTheApplicationAsks(Vertx vertx) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            WsClient client = WsClient.create(vertx, TestSupport.clientOptions()
                    .setCodecConfig(WsConfig.builder().deflate(DeflateConfig.DEFAULT).build()));
            CompletableFuture<WsSession> connected = client.connect("ws://127.0.0.1:" + listener.getLocalPort() + "/")
                    .toCompletionStage().toCompletableFuture();
            try (Socket server = listener.accept()) {
                accept(server, "permessage-deflate");
                WsSession session = connected.get(10, TimeUnit.SECONDS);
                AtomicInteger delivered = new AtomicInteger();
                session.receive().subscribe(new FlowableSubscriber<Message>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        s.request(1); // and never more
                    }

                    @Override
                    public void onNext(Message m) {
                        delivered.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onComplete() {
                    }
                });
                byte[] burst = unmask(DeflateAmplificationTest.burst());
                server.getOutputStream().write(burst);
                assertTrue(TestSupport.eventually(Duration.ofSeconds(10), () -> delivered.get() == 1));
                assertTrue(TestSupport.eventually(Duration.ofSeconds(5), () -> Probes.undecodedBytes(session) > 0),
                        "the rest of the burst waits undecoded");
                Thread.sleep(500); // whatever else the client would decode, it has by now
                int queued = onContext(session, () -> Probes.queuedInboundMessages(session));
                int undecoded = onContext(session, () -> Probes.undecodedBytes(session));
                assertTrue(queued <= 1, "at most one undelivered message, not " + queued);
                assertTrue(undecoded <= 64 * 1024, "at most one read undecoded: " + undecoded);
                assertEquals(1, delivered.get());
                session.close().timeout(10, TimeUnit.SECONDS).onErrorComplete().blockingAwait();
            }
        }
    }

    private static int onContext(WsSession session, java.util.function.IntSupplier probe) throws Exception {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        session.context().runOnContext(v -> f.complete(probe.getAsInt()));
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Reads the client's request and answers 101, with {@code extension} if not null. */
    private static void accept(Socket server, String extension) throws Exception {
        InputStream in = server.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("The client closed during its request.");
            }
            head.write(b);
        }
        String key = head.toString(StandardCharsets.ISO_8859_1).lines()
                .filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .findFirst().orElseThrow().substring(18).trim();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1)));
        String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (extension == null ? "" : "Sec-WebSocket-Extensions: " + extension + "\r\n") + "\r\n";
        server.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code count} unmasked frames (FIN, {@code opcode}) with {@code payload}. */
    private static byte[] serverFrames(int b0, byte[] payload, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            out.write(b0);
            out.write(payload.length);
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    /** The same frames as sent by a server: the mask bit and key removed, the payload unmasked. */
    private static byte[] unmask(byte[] frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < frames.length) {
            int b0 = frames[i] & 0xFF;
            int len7 = frames[i + 1] & 0x7F;
            int at = i + 2;
            long len = len7;
            if (len7 == 126) {
                len = ((frames[at] & 0xFF) << 8) | (frames[at + 1] & 0xFF);
                at += 2;
            } else if (len7 == 127) {
                len = 0;
                for (int k = 0; k < 8; k++) {
                    len = (len << 8) | (frames[at + k] & 0xFF);
                }
                at += 8;
            }
            out.write(b0);
            out.writeBytes(java.util.Arrays.copyOfRange(frames, i + 1, at));
            out.toByteArray();
            byte[] header = out.toByteArray();
            header[header.length - (at - i - 1)] &= 0x7F; // the mask bit of the length byte
            out.reset();
            out.writeBytes(header);
            byte[] key = java.util.Arrays.copyOfRange(frames, at, at + 4);
            at += 4;
            for (int k = 0; k < len; k++) {
                out.write(frames[at + k] ^ key[k & 3]);
            }
            i = at + (int) len;
        }
        return out.toByteArray();
    }
}
