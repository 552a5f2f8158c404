package dev.wscodec.examples;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.vertx.WsMetrics;
import dev.wscodec.vertx.WsPlainHttpHandler;
import dev.wscodec.vertx.micrometer.MicrometerWsMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reactivex.rxjava3.core.Single;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the demo tells the people who run it: {@code GET /metrics}, the WebSocket meters of
 * {@link MicrometerWsMetrics} and the JVM's (memory, GC, threads, CPU, open files) in the Prometheus text format;
 * {@code GET /health}, {@code 200 ok} while serving and {@code 503 shutting down} once shutdown began, for a load
 * balancer's health check.
 */
final class Monitoring {

    /** The Prometheus text exposition format, version 0.0.4. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerWsMetrics metrics = new MicrometerWsMetrics(registry);
    private volatile boolean stopping;

    Monitoring() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry); // its GC notification listener lives as long as the JVM
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** For {@code WsServerOptions.setMetrics}. */
    WsMetrics wsMetrics() {
        return metrics;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** From now on {@code /health} answers 503: the load balancer should send no new clients. */
    void stopping() {
        stopping = true;
    }

    /** Answers {@code /metrics} and {@code /health} (GET or HEAD); passes every other request to {@code next}. */
    WsPlainHttpHandler handler(WsPlainHttpHandler next) {
        return request -> {
            String path = request.path();
            if (!path.equals("/metrics") && !path.equals("/health")) {
                return next.handle(request);
            }
            String method = request.request().method();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return Single.just(new HttpResponse(405, HttpResponse.reasonPhrase(405),
                        HttpHeaders.of("Allow", "GET, HEAD"), null));
            }
            int status;
            String type;
            String body;
            if (path.equals("/metrics")) {
                status = 200;
                type = PROMETHEUS_TEXT;
                body = registry.scrape();
            } else {
                status = stopping ? 503 : 200;
                type = "text/plain; charset=utf-8";
                body = stopping ? "shutting down\n" : "ok\n";
            }
            HttpHeaders headers = HttpHeaders.of("Content-Type", type, "Cache-Control", "no-store");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            // HEAD gets the same answer: the codec sends the head with this Content-Length and leaves the body out.
            return Single.just(new HttpResponse(status, HttpResponse.reasonPhrase(status), headers,
                    ByteBuffer.wrap(bytes)));
        };
    }
}
