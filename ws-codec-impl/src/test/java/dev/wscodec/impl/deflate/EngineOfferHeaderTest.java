package dev.wscodec.impl.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.wscodec.api.Accept;
import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.HttpResponse;
import dev.wscodec.api.WsConfig;
import dev.wscodec.api.WsEngine;
import dev.wscodec.api.WsEvent;
import dev.wscodec.impl.Rfc6455Engine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Whole Sec-WebSocket-Extensions request headers, parsed by the engine, answered by permessage-deflate. */
class EngineOfferHeaderTest {

    private static final WsConfig DEFLATE = WsConfig.builder().deflate(DeflateConfig.DEFAULT).build();

    /** The server's Sec-WebSocket-Extensions answer to a request with this header, or "-" for none. */
    private static String answer(String header) {
        WsEngine server = Rfc6455Engine.server(DEFLATE);
        String request = "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Extensions: " + header + "\r\n\r\n";
        List<WsEvent> events = server.receive(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
        assertInstanceOf(WsEvent.UpgradeRequest.class, events.get(0));
        server.accept(Accept.DEFAULT);
        HttpResponse response = server.handshake().response();
        server.release();
        assertEquals(WsEngine.State.OPEN, server.state());
        String value = response.headers().get("Sec-WebSocket-Extensions");
        return value == null ? "-" : value;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate                                                  | permessage-deflate",
        "permessage-deflate; client_max_window_bits                          | permessage-deflate",
        "x-webkit-deflate-frame, permessage-deflate                          | permessage-deflate",
        "permessage-deflate; server_max_window_bits=\"10\"                   | permessage-deflate; server_max_window_bits=10",
        "permessage-deflate;server_max_window_bits=abc, permessage-deflate;client_no_context_takeover"
            + " | permessage-deflate; client_no_context_takeover",
        "permessage-deflate; foo=1, permessage-deflate; server_no_context_takeover; server_no_context_takeover"
            + " | -",
        "permessage-deflate; client_max_window_bits=08                       | -",
        "permessage-deflate; client_no_context_takeover; server_no_context_takeover; client_max_window_bits=15"
            + " | permessage-deflate; server_no_context_takeover; client_no_context_takeover",
    })
    void theFirstAcceptableOfferOfAHeaderIsAnswered(String header, String expected) {
        assertEquals(expected, answer(header));
    }
}
