package dev.wscodec.vertx.impl.connection;

import dev.wscodec.vertx.impl.rx.Inbound;

import dev.wscodec.api.Message;
import dev.wscodec.api.MessageChunk;

/**
 * What a {@link Connection} decodes goes here, and here it asks whether to read on: the application's side of the
 * inbound flow, in one of two forms chosen by {@link dev.wscodec.api.WsConfig#streaming()}: whole messages, or each
 * message a stream of chunks ({@code impl.rx.Inbound} and {@code impl.rx.StreamInbound}, made by the
 * {@link Application}). Used on the connection's context only.
 */
public interface Incoming {

    /** Whether the connection should decode and read more now. */
    boolean wantsData();

    /** A whole message was decoded (whole mode). */
    void offer(Message m);

    /** A piece of a message was decoded (streaming mode). */
    void offerChunk(MessageChunk c);

    /** The clean end: the peer's close, or this side's close handshake finished. */
    void complete();

    /** The connection failed. */
    void fail(Throwable t);

    /** Delivers what is queued as far as demand allows, then a terminal signal when due. */
    void drain();

    /**
     * Drop messages while nobody subscribed: the server does so when its handler returned without subscribing, and
     * every connection once it closes.
     */
    void discardIfUnsubscribed();

    /** Whether anyone subscribed at all. */
    boolean wasSubscribed();

    /** Messages (or chunks) decoded and not yet delivered. */
    int queued();
}
