package dev.wscodec.examples;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsHandshakeRejectedException;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.BackpressureStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code client --reconnect URL [URL...]}: like the plain client, but when the connection is lost (the server died,
 * restarts, or goes away with 1001/1011/1012/1013/1014) it connects again, to the same URL first and then to the next
 * one given, waiting {@link #FIRST_DELAY_MILLIS} ms doubled after every failed attempt up to
 * {@link #MAX_DELAY_MILLIS} ms, and gives up after {@code --reconnect-attempts} failed attempts in a row. Lines typed
 * while disconnected wait (at most {@link #MAX_PENDING_LINES}; the reader blocks beyond that); a line being written
 * when the connection dies may be lost: delivery is at most once.
 */
final class ReconnectingClient {

    /** Wait before the first reconnection attempt. */
    static final long FIRST_DELAY_MILLIS = 250;
    /** The longest wait between two attempts. */
    static final long MAX_DELAY_MILLIS = 8_000;
    /** Failed attempts in a row after which the client gives up (exit code 1). */
    static final int DEFAULT_ATTEMPTS = 10;
    /** Lines of standard input held while there is no connection. */
    static final int MAX_PENDING_LINES = 1024;
    /** Close codes after which the server may well accept us again (or another node will). */
    static final Set<Integer> RECONNECT_CODES = Set.of(CloseStatus.GOING_AWAY, CloseStatus.ABNORMAL_CLOSURE,
            CloseStatus.NO_STATUS_RECEIVED, CloseStatus.INTERNAL_ERROR, 1012, 1013, 1014);

    private static final Object END = new Object();

    private final WsClient client;
    private final List<String> urls;
    private final List<String> subprotocols;
    private final HttpHeaders headers;
    private final int attempts;
    private final PrintStream out;
    private final PrintStream err;
    private final LinkedBlockingDeque<Object> input = new LinkedBlockingDeque<>(MAX_PENDING_LINES);

    private ReconnectingClient(WsClient client, List<String> urls, List<String> subprotocols, HttpHeaders headers,
                               int attempts, PrintStream out, PrintStream err) {
        this.client = client;
        this.urls = List.copyOf(urls);
        this.subprotocols = subprotocols;
        this.headers = headers;
        this.attempts = attempts;
        this.out = out;
        this.err = err;
    }

    /** Runs until end of input (then closes with 1000) or until {@code attempts} attempts in a row failed. */
    static int run(WsClient client, List<String> urls, List<String> subprotocols, HttpHeaders headers, int attempts,
                   InputStream stdin, PrintStream out, PrintStream err) throws InterruptedException {
        ReconnectingClient c = new ReconnectingClient(client, urls, subprotocols, headers, attempts, out, err);
        c.readInput(stdin);
        return c.loop();
    }

    private int loop() throws InterruptedException {
        int failures = 0;
        int index = 0;
        while (true) {
            String url = urls.get(index % urls.size());
            WsSession session;
            try {
                session = client.connect(url, subprotocols, headers).blockingGet();
            } catch (IllegalArgumentException e) {
                err.println("Cannot connect to " + url + ": " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                failures++;
                String why = e instanceof WsHandshakeRejectedException ? "the server refused the handshake: "
                        + e.getMessage() : CliClient.describe(e);
                if (failures >= attempts) {
                    err.println("Cannot connect to " + url + " (" + why + "); gave up after " + failures
                            + " attempts in a row.");
                    return 1;
                }
                long delay = delay(failures);
                index++;
                err.println("Cannot connect to " + url + " (" + why + "); trying " + urls.get(index % urls.size())
                        + " in " + delay + " ms (attempt " + (failures + 1) + " of " + attempts + ").");
                err.flush();
                Thread.sleep(delay);
                continue;
            }
            failures = 0;
            err.println("Connected to " + url + " (subprotocol: " + (session.subprotocol() == null ? "none"
                    : session.subprotocol()) + "). Type lines to send; end of input closes.");
            err.flush();
            CloseStatus status = serve(session);
            err.println("Closed: " + status.code() + (status.reason().isEmpty() ? "" : " \"" + status.reason() + "\""));
            if (input.peekFirst() == END || !RECONNECT_CODES.contains(status.code())) {
                return status.code() == CloseStatus.NORMAL_CLOSURE || status.code() == CloseStatus.GOING_AWAY
                        || status.code() == CloseStatus.NO_STATUS_RECEIVED ? 0 : 1;
            }
            long delay = delay(1);
            err.println("The connection to " + url + " was lost; reconnecting in " + delay + " ms.");
            err.flush();
            Thread.sleep(delay);
        }
    }

    /** Prints what arrives and sends the input lines until the session ends; returns how it ended. */
    private CloseStatus serve(WsSession session) {
        session.receive().subscribe(m -> CliClient.print(out, m), e -> { }, () -> { });
        session.send(lines()).andThen(session.close(CloseStatus.NORMAL_CLOSURE, "")).subscribe(() -> { }, e -> { });
        return session.onClose().blockingGet();
    }

    /**
     * The pending input lines for one session, taken only as the session asks for them; a line taken as the session
     * ends goes back to the front of the queue for the next one. Completes at end of input (which stays queued).
     */
    private Flowable<Message> lines() {
        return Flowable.<Message>create(emitter -> {
            try {
                while (!emitter.isCancelled()) {
                    if (emitter.requested() == 0) {
                        Thread.sleep(5);
                        continue;
                    }
                    Object o = input.pollFirst(100, TimeUnit.MILLISECONDS);
                    if (o == null) {
                        continue;
                    }
                    if (o == END || emitter.isCancelled()) {
                        input.putFirst(o);
                        if (o == END) {
                            emitter.onComplete();
                        }
                        return;
                    }
                    emitter.onNext(TextMessage.of((String) o));
                }
            } catch (InterruptedException e) {
                // the session ended while we waited
            }
        }, BackpressureStrategy.ERROR).subscribeOn(Schedulers.io());
    }

    private void readInput(InputStream stdin) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    input.putLast(line);
                }
            } catch (IOException | InterruptedException e) {
                // end of input either way
            }
            try {
                input.putLast(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@link #FIRST_DELAY_MILLIS} doubled per failure, at most {@link #MAX_DELAY_MILLIS}, with up to 20% jitter. */
    static long delay(int failures) {
        long base = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(failures - 1, 20));
        return base + ThreadLocalRandom.current().nextLong(base / 5 + 1);
    }
}
