package dev.wscodec.vertx.impl.connection;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.api.WsProtocolException;
import dev.wscodec.api.WsUsageException;
import dev.wscodec.vertx.WsDecision;
import dev.wscodec.vertx.WsRequest;
import io.reactivex.rxjava3.core.Single;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opening handshake of a request that reached a Vert.x {@code HttpServer}: the request head goes to a server
 * engine, which validates it and negotiates; the endpoint's hook decides; a refusal is answered through the
 * request's {@link HttpServerResponse} with the engine's status, headers and body; an acceptance puts the headers of
 * the engine's {@code 101} on the response, and {@link HttpServerRequest#toNetSocket()} writes that 101 and hands
 * over the socket, which then runs as a {@link ServerConnection} that is open from the start.
 */
public final class HttpUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger("dev.wscodec.vertx.connection");

    private final Vertx vertx;
    private final Settings settings;
    private final Endpoints endpoints;
    private final int maxConnections;
    private final AtomicInteger connections = new AtomicInteger();

    public HttpUpgrade(Vertx vertx, Settings settings, Endpoints endpoints, int maxConnections) {
        this.vertx = vertx;
        this.settings = settings;
        this.endpoints = endpoints;
        this.maxConnections = maxConnections;
    }

    /** WebSocket connections open now that came through this handler. */
    public int connectionCount() {
        return connections.get();
    }

    /** Answers {@code req}: a WebSocket handshake, or the codec's refusal. Call on the request's context. */
    public void handle(HttpServerRequest req) {
        Endpoint endpoint = endpoints.find(req.path());
        WsConfig config = endpoint.config() != null ? endpoint.config() : settings.config();
        WsEngine engine = settings.provider().newServerEngine(config, req.isSSL());
        WsEvent event;
        try {
            java.util.List<WsEvent> events = engine.receive(ByteBuffer.wrap(head(req)));
            event = events.isEmpty() ? null : events.get(0);
        } catch (WsProtocolException e) {
            LOG.debug("Refused the upgrade from {}: {}", req.remoteAddress(), e.getMessage());
            Metering.protocolError(settings.metrics(), e, true);
            ByteBuffer out = engine.pollOutput();
            engine.release();
            respond(req, out, false); // counted by Metering
            return;
        }
        if (event instanceof WsEvent.UpgradeRequest u) {
            WsRequest request = new WsRequest(u.request(), req.remoteAddress(), req.localAddress(), req.isSSL());
            Context ctx = vertx.getOrCreateContext();
            Single<WsDecision> decision;
            try {
                decision = endpoint.hook().decide(request);
                if (decision == null) {
                    decision = Single.error(new NullPointerException("The hook returned null instead of a Single."));
                }
            } catch (RuntimeException e) {
                decision = Single.error(e);
            }
            // The decision must come within the handshake timeout, else the connection is closed (as WsServer does).
            boolean[] done = new boolean[1];
            long timer = vertx.setTimer(settings.handshakeTimeoutMs(), id -> ctx.runOnContext(v -> {
                if (!done[0]) {
                    done[0] = true;
                    LOG.debug("No decision about the upgrade from {} within the handshake timeout; closing.",
                            req.remoteAddress());
                    settings.metrics().timeout(dev.wscodec.vertx.WsMetrics.Timeout.HANDSHAKE);
                    engine.release();
                    req.connection().close();
                }
            }));
            decision.subscribe(d -> ctx.runOnContext(v -> {
                if (!done[0]) {
                    done[0] = true;
                    vertx.cancelTimer(timer);
                    decided(req, engine, endpoint, d);
                }
            }), error -> ctx.runOnContext(v -> {
                if (!done[0]) {
                    done[0] = true;
                    vertx.cancelTimer(timer);
                    LOG.warn("The application's hook failed for the request from {}; answering 500.",
                            req.remoteAddress(), error);
                    reject(req, engine, HttpResponse.of(500));
                }
            }));
        } else {
            // Not an upgrade (or a head the engine did not finish, which a whole request cannot be).
            reject(req, engine, new HttpResponse(426, HttpResponse.reasonPhrase(426),
                    HttpHeaders.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13"), null));
        }
    }

    private void decided(HttpServerRequest req, WsEngine engine, Endpoint endpoint, WsDecision decision) {
        if (decision instanceof WsDecision.Rejected r) {
            reject(req, engine, r.response());
            return;
        }
        if (connections.incrementAndGet() > maxConnections) {
            connections.decrementAndGet();
            LOG.warn("Refused a WebSocket upgrade from {}: {} connections are open, the limit.", req.remoteAddress(),
                    maxConnections);
            settings.metrics().limitExceeded(dev.wscodec.vertx.WsMetrics.Limit.CONNECTIONS);
            reject(req, engine, HttpResponse.of(503));
            return;
        }
        ByteBuffer switching;
        try {
            switching = engine.accept(((WsDecision.Accepted) decision).accept());
        } catch (WsUsageException e) {
            connections.decrementAndGet();
            LOG.warn("The accept hook's answer for {} cannot be used: {} Answering 500.", req.remoteAddress(),
                    e.getMessage());
            reject(req, engine, HttpResponse.of(500));
            return;
        }
        // Vert.x writes the 101 itself in toNetSocket(), with the response's headers: the engine's.
        Head head = Head.parse(switching);
        HttpServerResponse response = req.response();
        for (Map.Entry<String, String> h : head.headers()) {
            response.headers().add(h.getKey(), h.getValue());
        }
        req.toNetSocket().onComplete(ar -> {
            if (ar.failed()) {
                connections.decrementAndGet();
                engine.release();
                LOG.debug("The upgrade from {} failed: {}", req.remoteAddress(), ar.cause().toString());
                return;
            }
            new ServerConnection(vertx, ar.result(), settings, engine, endpoint.handler(),
                    connections::decrementAndGet).startOpen();
        });
    }

    private void reject(HttpServerRequest req, WsEngine engine, HttpResponse response) {
        ByteBuffer bytes;
        try {
            bytes = engine.reject(response);
        } catch (WsUsageException e) {
            LOG.warn("The application's response for {} cannot be sent: {} Answering 500.", req.remoteAddress(),
                    e.getMessage());
            bytes = engine.reject(HttpResponse.of(500));
        }
        engine.release();
        respond(req, bytes, true);
    }

    /** Sends the engine's HTTP answer through Vert.x (which sets the Content-Length itself). */
    private void respond(HttpServerRequest req, ByteBuffer raw, boolean count) {
        Head head = Head.parse(raw);
        if (count) {
            settings.metrics().handshake(head.status());
        }
        HttpServerResponse response = req.response().setStatusCode(head.status());
        if (!head.reason().isEmpty()) {
            response.setStatusMessage(head.reason());
        }
        for (Map.Entry<String, String> h : head.headers()) {
            if (!h.getKey().equalsIgnoreCase("Content-Length")) {
                response.headers().add(h.getKey(), h.getValue());
            }
        }
        response.end(Buffer.buffer(head.body()));
    }

    /** The HTTP/1.1 head the engine reads: the request line and header fields as Vert.x parsed them. */
    static byte[] head(HttpServerRequest req) {
        StringBuilder b = new StringBuilder(256).append(req.method().name()).append(' ').append(req.uri())
                .append(' ').append(version(req.version())).append("\r\n");
        for (Map.Entry<String, String> h : req.headers()) {
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The version as the request line has it; the codec refuses all but HTTP/1.1 (an upgrade needs it). */
    private static String version(HttpVersion v) {
        return switch (v) {
            case HTTP_1_0 -> "HTTP/1.0";
            case HTTP_1_1 -> "HTTP/1.1";
            default -> "HTTP/2.0";
        };
    }

    /** An HTTP response as the engine wrote it. */
    record Head(int status, String reason, java.util.List<Map.Entry<String, String>> headers, byte[] body) {

        static Head parse(ByteBuffer raw) {
            byte[] bytes = new byte[raw.remaining()];
            raw.get(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            java.util.List<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
            }
            return new Head(Integer.parseInt(statusLine[1]), statusLine.length > 2 ? statusLine[2] : "", headers,
                    Arrays.copyOfRange(bytes, end + 4, bytes.length));
        }
    }
}
