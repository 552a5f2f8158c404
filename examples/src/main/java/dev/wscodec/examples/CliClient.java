package dev.wscodec.examples;

import dev.wscodec.api.CloseStatus;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Message;
import dev.wscodec.api.TextMessage;
import dev.wscodec.api.WsConfig;
import dev.wscodec.vertx.WsClient;
import dev.wscodec.vertx.WsClientOptions;
import dev.wscodec.vertx.WsHandshakeRejectedException;
import dev.wscodec.vertx.WsSession;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.schedulers.Schedulers;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * The {@code client} command, like wscat: each line of standard input goes out as a text message, each message
 * received is printed as {@code < TEXT} (binary ones in hex). End of input closes the connection with 1000. Status
 * lines go to standard error.
 */
final class CliClient {

    private CliClient() {
    }

    static int run(Args a, InputStream stdin, PrintStream out, PrintStream err) throws Exception {
        boolean reconnect = a.flag("--reconnect");
        if (a.positional().isEmpty()) {
            throw new Args.UsageException("The client command needs exactly one URL, e.g. client ws://localhost:9001/.");
        }
        if (a.positional().size() > 1 && !reconnect) {
            throw new Args.UsageException("The client command takes one argument, URL, but was also given '"
                    + a.positional().get(1) + "'; see client --help.");
        }
        if (a.has("--reconnect-attempts") && !reconnect) {
            throw new Args.UsageException("The option --reconnect-attempts only applies with --reconnect.");
        }
        int attempts = a.intValue("--reconnect-attempts", 1, 1000, ReconnectingClient.DEFAULT_ATTEMPTS);
        String url = a.positional().get(0);
        if (!url.contains("://")) {
            String guess = url.matches("[0-9]{1,5}") ? "ws://localhost:" + url + "/" : "ws://" + url;
            throw new Args.UsageException("The client command needs a ws:// or wss:// URL but was given '" + url
                    + "'; did you mean " + guess + "?");
        }
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (String h : a.all("--header")) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new Args.UsageException("A --header must look like Name:Value but was '" + h + "'.");
            }
            try {
                headers.add(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException(e.getMessage());
            }
        }
        WsConfig codec = WsConfig.builder().deflate(a.flag("--no-deflate") ? null : DeflateConfig.DEFAULT).build();
        WsClientOptions options = tls(a, url, err).setCodecConfig(codec);
        if (a.flag("--hixie76")) {
            options.setProviderName("hixie-76"); // the legacy protocol of draft-hixie-76 (docs/HIXIE76.md)
        }
        Vertx vertx = Vertx.vertx();
        try {
            WsClient client = WsClient.create(vertx, options);
            if (reconnect) {
                return ReconnectingClient.run(client, a.positional(), a.all("--subprotocol"), headers.build(),
                        attempts, stdin, out, err);
            }
            WsSession session;
            try {
                session = client.connect(url, a.all("--subprotocol"), headers.build()).blockingGet();
            } catch (WsHandshakeRejectedException e) {
                err.println("The server refused the handshake: " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException e) {
                err.println("Cannot connect to " + url + ": " + e.getMessage());
                return 2;
            } catch (RuntimeException e) {
                err.println("Cannot connect to " + url + ": " + describe(e));
                return 1;
            }
            err.println("Connected to " + url + " (subprotocol: " + (session.subprotocol() == null ? "none"
                    : session.subprotocol()) + ", extensions: " + (session.extensions().isEmpty() ? "none"
                    : session.extensions()) + "). Type lines to send; end of input closes.");
            session.receive().subscribe(
                    m -> print(out, m),
                    e -> err.println("Receive ended: " + describe(e)),
                    () -> { });
            // stdin, read on an I/O thread only as fast as the socket takes messages; end of input -> close 1000
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            Flowable<Message> lines = Flowable.fromIterable(() -> reader.lines().iterator())
                    .subscribeOn(Schedulers.io())
                    .map(TextMessage::of);
            session.send(lines).andThen(session.close(CloseStatus.NORMAL_CLOSURE, ""))
                    .subscribe(() -> { }, e -> { });
            CloseStatus status = session.onClose().blockingGet();
            err.println("Closed: " + status.code() + (status.reason().isEmpty() ? "" : " \"" + status.reason() + "\""));
            return status.code() == CloseStatus.NORMAL_CLOSURE || status.code() == CloseStatus.GOING_AWAY
                    || status.code() == CloseStatus.NO_STATUS_RECEIVED ? 0 : 1;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * wss:// trust: the JDK's default trust store and host name verification unless {@code --trust CA.pem} (trust
     * these certificates instead) or {@code --insecure} (verify nothing, with a warning on standard error).
     */
    static WsClientOptions tls(Args a, String url, PrintStream err) {
        if (a.flag("--insecure") && a.has("--trust")) {
            throw new Args.UsageException("--trust and --insecure contradict each other: give one or neither.");
        }
        if (a.has("--trust")) {
            return new WsClientOptions().setTrustOptions(new PemTrustOptions()
                    .addCertPath(Servers.readable(a, "--trust")));
        }
        if (a.flag("--insecure")) {
            err.println("WARNING: --insecure: the server's certificate and host name are NOT verified. Anyone on the"
                    + " network path can read and change this connection. Use --trust CA.pem instead.");
            err.flush();
            return new WsClientOptions().setNetClientOptions(new NetClientOptions().setTrustAll(true)
                    .setHostnameVerificationAlgorithm(""));
        }
        return new WsClientOptions();
    }

    static void print(PrintStream out, Message m) {
        if (m instanceof TextMessage t) {
            out.println("< " + t.text());
        } else {
            ByteBuffer b = m.payload();
            byte[] bytes = new byte[Math.min(b.remaining(), 64)];
            b.get(bytes);
            out.println("< [binary " + m.length() + " bytes] " + HexFormat.ofDelimiter(" ").formatHex(bytes)
                    + (m.length() > 64 ? " ..." : ""));
        }
        out.flush();
    }

    static String describe(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateException) {
                // TLS failed on the server's certificate: say so, with the JDK's reason (untrusted, wrong name, ...).
                return "the server's certificate was refused (" + c.getMessage() + "). If it comes from a private"
                        + " CA, give that CA with --trust CA.pem.";
            }
        }
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof RuntimeException
                && t.getClass() == RuntimeException.class)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
