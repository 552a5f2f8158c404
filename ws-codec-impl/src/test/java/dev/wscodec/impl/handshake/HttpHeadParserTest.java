package dev.wscodec.impl.handshake;

import static dev.wscodec.impl.handshake.Fixtures.buffer;
import static dev.wscodec.impl.handshake.Fixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscodec.api.HttpHeaders;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeadParserTest {

    private static final String HEAD = "GET /a HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-Ows: \t v a l \t \r\n\r\n";

    private static HttpHeadParser parser(int max) {
        return new HttpHeadParser(max, Violation.MALFORMED_REQUEST, Violation.HEAD_TOO_LARGE, "request");
    }

    private static String malformed(String head) {
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> parser(8192).parse(buffer(head)));
        assertEquals(Violation.MALFORMED_REQUEST, e.violation());
        assertEquals(400, e.httpStatus());
        return e.getMessage();
    }

    @Test
    void parsesStartLineAndTrimmedHeaders() {
        HttpHeadParser.Head head = parser(8192).parse(buffer(HEAD));
        assertEquals("GET /a HTTP/1.1", head.startLine());
        assertEquals(HttpHeaders.of("Host", "h", "X-Empty", "", "X-Ows", "v a l"), head.headers());
    }

    @Test
    void anySplitAndTrailingBytesGiveTheSameHead() {
        byte[] wire = Fixtures.concat(bytes(HEAD), Fixtures.hex(Fixtures.MASKED_HELLO_HEX));
        HttpHeadParser.Head expected = parser(8192).parse(buffer(HEAD));
        for (int split = 0; split <= wire.length; split++) {
            HttpHeadParser p = parser(8192);
            assertEquals(expected, Fixtures.feedSplit(p::parse, wire, split, 11), "split at " + split);
        }
        assertEquals(expected, Fixtures.feedBytewise(parser(8192)::parse, wire));
    }

    @Test
    void bytesAfterTheHeadAreLeftInTheBuffer() {
        ByteBuffer in = ByteBuffer.wrap(Fixtures.concat(bytes(HEAD), Fixtures.hex(Fixtures.MASKED_HELLO_HEX)));
        assertNotNull(parser(8192).parse(in));
        assertEquals(bytes(HEAD).length, in.position());
        assertEquals((byte) 0x81, in.get());
    }

    @Test
    void directAndReadOnlyBuffersWork() {
        byte[] wire = Fixtures.concat(bytes(HEAD), new byte[] {1, 2, 3});
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        HttpHeadParser p = parser(8192);
        assertNull(p.parse(direct.slice().limit(10)));
        direct.position(10);
        assertEquals("h", p.parse(direct).headers().get("Host"));
        assertEquals(3, direct.remaining());
        ByteBuffer readOnly = ByteBuffer.wrap(wire).asReadOnlyBuffer();
        assertNotNull(parser(8192).parse(readOnly));
        assertEquals(1, readOnly.get());
    }

    @Test
    void emptyLinesBeforeTheStartLineAreIgnored() {
        assertEquals("GET / HTTP/1.1", parser(8192).parse(buffer("\r\n\r\nGET / HTTP/1.1\r\n\r\n")).startLine());
    }

    @Test
    void headOfExactlyTheLimitIsAccepted() {
        String head = "GET / HTTP/1.1\r\nX: ";
        head += "a".repeat(256 - head.length() - 4) + "\r\n\r\n";
        assertEquals(256, head.length());
        for (int split = 0; split <= 256; split++) {
            assertNotNull(Fixtures.feedSplit(parser(256)::parse, bytes(head), split, 0));
        }
    }

    @Test
    void oneByteOverTheLimitIs431WithoutBufferingMore() {
        String prefix = "GET / HTTP/1.1\r\nX: ";
        String head = prefix + "a".repeat(257 - prefix.length() - 4) + "\r\n\r\n";
        HttpHeadParser p = parser(256);
        ByteBuffer first = ByteBuffer.wrap(bytes(head), 0, 256);
        assertNull(p.parse(first));
        ByteBuffer last = ByteBuffer.wrap(bytes(head), 256, 1);
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> p.parse(last));
        assertEquals(Violation.HEAD_TOO_LARGE, e.violation());
        assertEquals(431, e.httpStatus());
        assertEquals("The request head is larger than the limit of 256 bytes (WsConfig.maxHandshakeSize).",
                e.getMessage());
        assertEquals(1, last.remaining(), "the byte over the limit was not consumed");
        // Fed whole, the same head fails the same way.
        assertThrows(WsProtocolException.class, () -> parser(256).parse(buffer(head)));
    }

    @Test
    void endlessHeaderFailsAtTheLimitFedBytewise() {
        HttpHeadParser p = parser(300);
        byte[] junk = bytes("GET / HTTP/1.1\r\nX: " + "b".repeat(1000));
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> Fixtures.feedBytewise(p::parse, junk));
        assertEquals(Violation.HEAD_TOO_LARGE, e.violation());
    }

    @Test
    void bareLineFeedIsRejected() {
        assertEquals("The request head has a line feed without a carriage return at byte 14; lines must end with "
                + "CRLF (RFC 9112 section 2.2).", malformed("GET / HTTP/1.1\nHost: h\r\n\r\n"));
    }

    @Test
    void bareCarriageReturnIsRejected() {
        assertEquals("The request head has a carriage return without a line feed at byte 23 (RFC 9112 section 2.2).",
                malformed("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"));
    }

    @Test
    void controlCharactersAreRejected() {
        assertEquals("The request head holds the control character 0x00 at byte 23 (RFC 9112 section 5.5).",
                malformed("GET / HTTP/1.1\r\nHost: h\u0000\r\n\r\n"));
        assertTrue(malformed("GET / HTTP/1.1\r\nHost: h\u007f\r\n\r\n").contains("0x7F"));
    }

    @Test
    void obsoleteLineFoldingIsRejected() {
        assertEquals("The request head continues a header with a line starting with whitespace (obsolete line "
                + "folding), which is not accepted: '  more' (RFC 9112 section 5.2).",
                malformed("GET / HTTP/1.1\r\nX: a\r\n  more\r\n\r\n"));
        assertTrue(malformed("GET / HTTP/1.1\r\nX: a\r\n\tmore\r\n\r\n").contains("obsolete line folding"));
    }

    @Test
    void whitespaceBeforeTheColonIsRejected() {
        assertEquals("The request head has whitespace between a field name and its colon: 'Host : h' "
                + "(RFC 9112 section 5.1).", malformed("GET / HTTP/1.1\r\nHost : h\r\n\r\n"));
    }

    @Test
    void headerLineWithoutColonOrNameIsRejected() {
        assertEquals("The request head has a header line without a colon: 'Host h' (RFC 9112 section 5.1).",
                malformed("GET / HTTP/1.1\r\nHost h\r\n\r\n"));
        assertEquals("The request head has a header line with an empty field name: ': h' (RFC 9112 section 5.1).",
                malformed("GET / HTTP/1.1\r\n: h\r\n\r\n"));
        assertEquals("The request head has a field name that is not a token: 'Ho(st' (RFC 9110 section 5.1).",
                malformed("GET / HTTP/1.1\r\nHo(st: h\r\n\r\n"));
    }

    @Test
    void responseParserUsesItsOwnViolation() {
        HttpHeadParser p = new HttpHeadParser(8192, Violation.MALFORMED_RESPONSE, Violation.MALFORMED_RESPONSE,
                "response");
        WsProtocolException e = assertThrows(WsProtocolException.class,
                () -> p.parse(buffer("HTTP/1.1 101 OK\nX: y\r\n\r\n")));
        assertEquals(Violation.MALFORMED_RESPONSE, e.violation());
        assertTrue(e.getMessage().startsWith("The response head has a line feed"), e.getMessage());
    }

    @Test
    void obsTextInValuesIsKeptAsLatin1() {
        HttpHeadParser.Head head = parser(8192).parse(buffer("GET / HTTP/1.1\r\nX: caf\u00e9\r\n\r\n"));
        assertEquals("caf\u00e9", head.headers().get("x"));
    }

    @Test
    void parsedHeadersEqualTheSameFieldsBuiltByHand() {
        String browser = "GET /chat HTTP/1.1\r\nHost: example.com\r\nConnection: keep-alive, Upgrade\r\n"
                + "Upgrade: websocket\r\nhost: again\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"
                + "\r\nUpgradeX: websocketx\r\nCookie: a=1; b=\u00e92\r\nCookie: c=3\r\nX-Empty:\r\n\r\n";
        HttpHeaders parsed = parser(8192).parse(buffer(browser)).headers();
        HttpHeaders built = HttpHeaders.builder().add("Host", "example.com").add("Connection", "keep-alive, Upgrade")
                .add("Upgrade", "websocket").add("host", "again").add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Sec-WebSocket-Version", "13")
                .add("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
                .add("UpgradeX", "websocketx").add("Cookie", "a=1; b=\u00e92").add("Cookie", "c=3").add("X-Empty", "")
                .build();
        assertEquals(built, parsed);
        assertEquals(built.hashCode(), parsed.hashCode());
        assertEquals(built.fields(), parsed.fields());
        assertEquals(built.toString(), parsed.toString());
        assertEquals(List.of("example.com", "again"), parsed.getAll("HOST"));
        assertEquals("host", parsed.fields().get(3).name(), "a name keeps the case it was sent in");
        assertEquals(List.of("a=1; b=\u00e92", "c=3"), parsed.getAll("cookie"));
        assertSame("Sec-WebSocket-Version", parsed.fields().get(5).name(), "well-known names are shared");
        assertSame("websocket", parsed.get("upgrade"), "well-known values are shared");
    }

    @Test
    void aParserIsSpentAfterItsHead() {
        HttpHeadParser p = parser(8192);
        assertNotNull(p.parse(buffer(HEAD)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.parse(buffer(HEAD)));
        assertEquals("The request head was already parsed.", e.getMessage());
    }
}
