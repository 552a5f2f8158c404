package dev.wscodec.vertx.topics.impl;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.Message;
import dev.wscodec.api.PreparedMessage;
import dev.wscodec.api.spi.WsCodecProvider;
import dev.wscodec.vertx.topics.WsSubscriptionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One published message on this node, shared by every local subscriber: its frames are prepared once per wire
 * format (codec provider and deflate settings) by whichever event loop needs a format first, and reused by all the
 * others. Usually there is one format, found without locking.
 */
final class Publication {

    final Message message;
    /** What the message counts in a subscriber's queue. */
    final long cost;
    private volatile Format first;
    private List<Format> others;

    Publication(Message message) {
        this.message = message;
        this.cost = (long) message.length() + WsSubscriptionOptions.ENTRY_OVERHEAD;
    }

    /** The frames for connections of {@code provider} with {@code deflate} (or {@code null}), encoded once. */
    PreparedMessage prepared(WsCodecProvider provider, DeflateConfig deflate) {
        Format f = first;
        if (f != null && f.is(provider, deflate)) {
            return f.prepared;
        }
        synchronized (this) {
            f = first;
            if (f == null) {
                f = new Format(provider, deflate, provider.prepare(message, deflate));
                first = f;
                return f.prepared;
            }
            if (f.is(provider, deflate)) {
                return f.prepared;
            }
            if (others == null) {
                others = new ArrayList<>(2);
            }
            for (Format g : others) {
                if (g.is(provider, deflate)) {
                    return g.prepared;
                }
            }
            Format g = new Format(provider, deflate, provider.prepare(message, deflate));
            others.add(g);
            return g.prepared;
        }
    }

    private static final class Format {
        final WsCodecProvider provider;
        final DeflateConfig deflate;
        final PreparedMessage prepared;

        Format(WsCodecProvider provider, DeflateConfig deflate, PreparedMessage prepared) {
            this.provider = provider;
            this.deflate = deflate;
            this.prepared = prepared;
        }

        /**
         * Same provider (by name: each server looks its provider up anew) and deflate settings; a plain-only
         * connection ({@code d == null}) takes any format of its provider, since each has the plain frame.
         */
        boolean is(WsCodecProvider p, DeflateConfig d) {
            return (provider == p || provider.name().equals(p.name())) && (d == null || Objects.equals(deflate, d));
        }
    }
}
