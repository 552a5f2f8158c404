package dev.wscodec.impl.deflate;

import static dev.wscodec.impl.deflate.DeflateTestSupport.decode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.encode;
import static dev.wscodec.impl.deflate.DeflateTestSupport.offer;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.DeflateConfig;
import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.Role;
import dev.wscodec.api.spi.WsExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server side of RFC 7692 §5 and §7.1: which offers are accepted, and with which answer. */
class ServerNegotiationTest {

    private static final DeflateConfig DEFAULT = DeflateConfig.DEFAULT;
    private static final byte[] TEXT = ("A message that is long enough to be compressed, repeated: "
            + "a message that is long enough to be compressed.").getBytes(US_ASCII);

    /** The server's answer to one offer, or null when it is declined. */
    private static String answer(DeflateConfig config, String... params) {
        WsExtension ext = new PerMessageDeflateFactory(config).acceptOffer(List.of(offer(params)), Role.SERVER);
        if (ext == null) {
            return null;
        }
        ext.release();
        return ext.params().toString();
    }

    @Test
    void aPlainOfferIsAcceptedWithoutParameters() {
        assertEquals("permessage-deflate", answer(DEFAULT));
        assertEquals("permessage-deflate", answer(DEFAULT, "client_max_window_bits"));
    }

    @Test
    void anOfferedServerNoContextTakeoverIsRepeatedAndObeyed() {
        assertEquals("permessage-deflate; server_no_context_takeover", answer(DEFAULT, "server_no_context_takeover"));
        PerMessageDeflate ext = DeflateTestSupport.server(DEFAULT, "server_no_context_takeover");
        byte[] first = encode(ext, TEXT);
        assertArrayEquals(first, encode(ext, TEXT), "each message compressed alone");
        assertFalse(ext.holdsNativeMemory(), "no deflater kept between messages");
        ext.release();
    }

    @Test
    void theServerAddsNoContextTakeoverParametersItIsConfiguredFor() {
        assertEquals("permessage-deflate; server_no_context_takeover",
                answer(DEFAULT.withServerNoContextTakeover(true)));
        assertEquals("permessage-deflate; client_no_context_takeover",
                answer(DEFAULT.withClientNoContextTakeover(true)));
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
                answer(DEFAULT.withServerNoContextTakeover(true).withClientNoContextTakeover(true)));
    }

    @Test
    void anOfferedClientNoContextTakeoverIsRepeatedSoNoInflaterIsKept() {
        assertEquals("permessage-deflate; client_no_context_takeover", answer(DEFAULT, "client_no_context_takeover"));
        PerMessageDeflate server = DeflateTestSupport.server(DEFAULT, "client_no_context_takeover");
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT, "client_no_context_takeover");
        assertArrayEquals(TEXT, decode(server, encode(client, TEXT)));
        assertArrayEquals(TEXT, decode(server, encode(client, TEXT)));
        assertFalse(server.holdsNativeMemory());
        assertFalse(client.holdsNativeMemory());
        server.release();
        client.release();
    }

    @Test
    void anOfferedServerWindowIsAnsweredWithTheSmallerOfOfferAndConfig() {
        assertEquals("permessage-deflate; server_max_window_bits=10", answer(DEFAULT, "server_max_window_bits=10"));
        assertEquals("permessage-deflate; server_max_window_bits=15", answer(DEFAULT, "server_max_window_bits=15"));
        assertEquals("permessage-deflate; server_max_window_bits=11",
                answer(DEFAULT.withServerMaxWindowBits(11), "server_max_window_bits=13"));
        assertEquals("permessage-deflate; server_max_window_bits=9",
                answer(DEFAULT.withServerMaxWindowBits(11), "server_max_window_bits=9"));
    }

    @Test
    void aConfiguredSmallServerWindowIsAnnouncedUnasked() {
        // RFC 7692 §7.1.2.1: the server MAY include server_max_window_bits even if not offered.
        assertEquals("permessage-deflate; server_max_window_bits=12", answer(DEFAULT.withServerMaxWindowBits(12)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"server_max_window_bits=8", "server_max_window_bits=14"})
    void aServerWindowBelow15MeansTheServerSendsUncompressedButStillInflates(String param) {
        PerMessageDeflate server = DeflateTestSupport.server(DEFAULT, param);
        assertFalse(server.compresses());
        assertNull(encode(server, TEXT), "sent uncompressed (-1)");
        PerMessageDeflate client = DeflateTestSupport.client(DEFAULT, param);
        assertArrayEquals(TEXT, decode(server, encode(client, TEXT)), "the client still compresses");
        server.release();
        client.release();
    }

    @Test
    void clientWindowIsOnlyAnsweredWhenOffered() {
        // RFC 7692 §7.1.2.2: not offered -> MUST NOT be in the answer, even if configured.
        assertEquals("permessage-deflate", answer(DEFAULT.withClientMaxWindowBits(10)));
        assertEquals("permessage-deflate; client_max_window_bits=10",
                answer(DEFAULT.withClientMaxWindowBits(10), "client_max_window_bits"));
        assertEquals("permessage-deflate; client_max_window_bits=9",
                answer(DEFAULT.withClientMaxWindowBits(10), "client_max_window_bits=9"));
        assertEquals("permessage-deflate; client_max_window_bits=12", answer(DEFAULT, "client_max_window_bits=12"));
    }

    @Test
    void allFourParametersTogether() {
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover; "
                        + "server_max_window_bits=10; client_max_window_bits=11",
                answer(DEFAULT.withClientMaxWindowBits(11), "client_max_window_bits", "server_max_window_bits=10",
                        "client_no_context_takeover", "server_no_context_takeover"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "unknown_param", "server_no_context_takeover;server_no_context_takeover",
            "client_no_context_takeover;client_no_context_takeover",
            "server_max_window_bits=10;server_max_window_bits=10", "client_max_window_bits;client_max_window_bits=9",
            "server_no_context_takeover=1", "client_no_context_takeover=", "server_max_window_bits",
            "server_max_window_bits=7", "server_max_window_bits=16", "server_max_window_bits=08",
            "server_max_window_bits=010", "server_max_window_bits=", "server_max_window_bits= 9",
            "server_max_window_bits=1e1", "client_max_window_bits=7", "client_max_window_bits=16",
            "client_max_window_bits=09", "client_max_window_bits=-9", "client_max_window_bits=+9",
            "mux", "x-webkit-deflate-frame"})
    void anInvalidOfferIsDeclined(String params) {
        assertNull(answer(DEFAULT, params.split(";")), params);
    }

    @Test
    void theFirstAcceptableOfferWins() {
        PerMessageDeflateFactory factory = new PerMessageDeflateFactory(DEFAULT);
        WsExtension ext = factory.acceptOffer(List.of(
                offer("server_max_window_bits=99"),
                ExtensionParams.of("x-other"),
                offer("client_no_context_takeover"),
                offer("server_no_context_takeover")), Role.SERVER);
        assertNotNull(ext);
        assertEquals("permessage-deflate; client_no_context_takeover", ext.params().toString());
        ext.release();
        assertNull(factory.acceptOffer(List.of(offer("a"), offer("b=1")), Role.SERVER), "all declined");
        assertNull(factory.acceptOffer(List.of(), Role.SERVER));
    }

    @Test
    void parameterNamesCompareCaseInsensitively() {
        assertEquals("permessage-deflate; server_no_context_takeover", answer(DEFAULT, "Server_No_Context_Takeover"));
    }

    @Test
    void theFactoryNamesTheExtensionAndClaimsRsv1() {
        PerMessageDeflateFactory factory = new PerMessageDeflateFactory(DEFAULT);
        assertEquals("permessage-deflate", factory.name());
        PerMessageDeflate ext = DeflateTestSupport.server(DEFAULT);
        assertEquals(0x40, ext.rsvMask());
        assertTrue(ext.beginInbound(0x40));
        assertFalse(ext.beginInbound(0));
        ext.release();
    }
}
