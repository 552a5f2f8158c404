package dev.wscodec.impl;

import dev.wscodec.api.Role;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.spi.WsExtensionFactory;
import dev.wscodec.api.spi.WsExtension;
import dev.wscodec.impl.deflate.PerMessageDeflateFactory;
import dev.wscodec.impl.frame.FrameDecoder;
import dev.wscodec.impl.frame.FrameEncoder;
import dev.wscodec.impl.frame.MaskKeys;
import dev.wscodec.impl.frame.MessageAssembler;
import dev.wscodec.impl.frame.OutboundEncoder;
import dev.wscodec.impl.frame.PerMessageCompression;
import java.util.ArrayList;
import java.util.List;

/** How an {@link Rfc6455Engine} builds its extension factories and, once open, its frame decoder and encoder. */
final class Framing {

    private Framing() {
    }

    /** permessage-deflate first when configured, then the configured extensions, in that order. */
    static List<WsExtensionFactory> extensionFactories(WsConfig config) {
        List<WsExtensionFactory> list = new ArrayList<>(config.extensions().size() + 1);
        if (config.deflate() != null) {
            list.add(new PerMessageDeflateFactory(config.deflate()));
        }
        list.addAll(config.extensions());
        return list;
    }

    /** The decoder of the peer's frames: masked ones on a server, the RSV bits the extensions claim. */
    static FrameDecoder decoder(Role role, WsConfig config, List<WsExtension> extensions,
                                FrameDecoder.ControlFrames control) {
        int rsv = 0;
        int compressed = 0;
        for (WsExtension e : extensions) {
            rsv |= e.rsvMask();
            if (e instanceof PerMessageCompression c) {
                compressed |= c.compressedBit(); // a typed handle, not the extension's name
            }
        }
        MessageAssembler messages = new MessageAssembler(config.streaming(), config.maxMessageSize(), extensions);
        return new FrameDecoder(role == Role.SERVER, config.maxFrameSize(), rsv, compressed, messages, control);
    }

    /** The encoder of this side's frames: masked on a client (RFC 6455 §5.3). */
    static OutboundEncoder encoder(Role role, WsConfig config, List<WsExtension> extensions) {
        FrameEncoder frames = new FrameEncoder(role == Role.CLIENT ? MaskKeys.of(config.random()) : null);
        return new OutboundEncoder(frames, extensions, config.fragmentSize());
    }
}
