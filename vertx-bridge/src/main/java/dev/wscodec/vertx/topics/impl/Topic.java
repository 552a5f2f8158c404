package dev.wscodec.vertx.topics.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A topic with local subscribers: their groups per context, and in a cluster this node's one event-bus consumer of
 * the topic. Created with its first local subscriber and dropped with its last (both in
 * {@code ConcurrentHashMap.compute} of the topic's name).
 */
final class Topic {

    final String name;
    final ConcurrentHashMap<Context, Group> groups = new ConcurrentHashMap<>(2);
    /** {@code null} on a Vert.x that is not clustered. */
    final MessageConsumer<dev.wscodec.api.Message> consumer;
    /** Succeeds once the consumer is registered (at once without one). */
    final Future<Void> ready;

    Topic(String name, MessageConsumer<dev.wscodec.api.Message> consumer) {
        this.name = name;
        this.consumer = consumer;
        this.ready = consumer == null ? Future.succeededFuture() : consumer.completion();
    }

    void add(Subscription s) {
        groups.computeIfAbsent(s.outlet.context(), Group::new).add(s);
    }

    /** Removes {@code s}; returns whether the topic has no local subscriber left. */
    boolean remove(Subscription s) {
        Group g = groups.get(s.outlet.context());
        if (g != null) {
            g.remove(s);
            if (g.isEmpty()) {
                groups.remove(s.outlet.context(), g);
            }
        }
        return groups.isEmpty();
    }

    Future<Void> unregister() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
