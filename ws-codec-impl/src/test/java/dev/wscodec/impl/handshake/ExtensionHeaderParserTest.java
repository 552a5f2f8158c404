package dev.wscodec.impl.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wscodec.api.ExtensionParams;
import dev.wscodec.api.ExtensionParams.Param;
import dev.wscodec.api.Violation;
import dev.wscodec.api.WsProtocolException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExtensionHeaderParserTest {

    private static List<ExtensionParams> parse(String... values) {
        return ExtensionHeaderParser.parse(Arrays.asList(values));
    }

    private static ExtensionParams ext(String name, Param... params) {
        return new ExtensionParams(name, List.of(params));
    }

    private static Param p(String name, String value) {
        return new Param(name, value);
    }

    private static String malformed(String value) {
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> parse(value), value);
        assertEquals(Violation.BAD_NEGOTIATION_HEADER, e.violation());
        assertEquals(400, e.httpStatus());
        return e.getMessage();
    }

    @Test
    void singleExtensionWithoutParameters() {
        assertEquals(List.of(ext("permessage-deflate")), parse("permessage-deflate"));
    }

    @Test
    void parametersWithAndWithoutValues() {
        assertEquals(List.of(ext("permessage-deflate", p("client_max_window_bits", null),
                        p("server_max_window_bits", "10"))),
                parse("permessage-deflate; client_max_window_bits; server_max_window_bits=10"));
    }

    @Test
    void severalOffersAndSeveralHeaderLinesKeepTheirOrder() {
        assertEquals(List.of(ext("a", p("x", "1")), ext("b"), ext("c", p("y", null)), ext("d")),
                parse("a; x=1, b", "c;y, d"));
    }

    @Test
    void optionalWhitespaceEverywhereTheGrammarAllowsIt() {
        assertEquals(List.of(ext("foo", p("a", "1"), p("b", null)), ext("bar")),
                parse(" \tfoo \t; a \t= 1 ;b\t ,\t bar \t"));
    }

    @Test
    void quotedValuesAreUnescaped() {
        assertEquals(List.of(ext("foo", p("a", "10"), p("b", "xy"), p("c", "q"))),
                parse("foo; a=\"10\"; b=\"x\\y\"; c = \"\\q\""));
    }

    @Test
    void emptyListElementsAreSkipped() {
        assertEquals(List.of(ext("a"), ext("b")), parse(", a, ,, b ,"));
    }

    @Test
    void tokensKeepTheirCase() {
        assertEquals(List.of(ext("Permessage-Deflate", p("Client_Max_Window_Bits", "15"))),
                parse("Permessage-Deflate;Client_Max_Window_Bits=15"));
    }

    @Test
    void noHeaderLinesGiveNoExtensions() {
        assertEquals(List.of(), ExtensionHeaderParser.parse(List.of()));
    }

    @Test
    void emptyValueNamesNoExtension() {
        assertEquals("The Sec-WebSocket-Extensions header '' names no extension (RFC 6455 section 9.1).", malformed(""));
        assertEquals("The Sec-WebSocket-Extensions header ' , ,' names no extension (RFC 6455 section 9.1).",
                malformed(" , ,"));
    }

    @Test
    void missingExtensionName() {
        assertEquals("The Sec-WebSocket-Extensions header '; a=1' is malformed: expected an extension name at "
                + "position 0 but found ';' (RFC 6455 section 9.1).", malformed("; a=1"));
        assertEquals("The Sec-WebSocket-Extensions header 'a, =b' is malformed: expected an extension name at "
                + "position 3 but found '=' (RFC 6455 section 9.1).", malformed("a, =b"));
    }

    @Test
    void missingParameterName() {
        assertEquals("The Sec-WebSocket-Extensions header 'foo;' is malformed: expected a parameter name of extension "
                + "'foo' at position 4 but found the end of the value (RFC 6455 section 9.1).", malformed("foo;"));
        assertEquals("The Sec-WebSocket-Extensions header 'foo; ; a' is malformed: expected a parameter name of "
                + "extension 'foo' at position 5 but found ';' (RFC 6455 section 9.1).", malformed("foo; ; a"));
    }

    @Test
    void missingParameterValue() {
        assertEquals("The Sec-WebSocket-Extensions header 'foo; a=' is malformed: expected a value for parameter 'a' "
                + "of extension 'foo' at position 7 but found the end of the value (RFC 6455 section 9.1).",
                malformed("foo; a="));
        assertTrue(malformed("foo; a=,b").contains("expected a value for parameter 'a'"));
        assertTrue(malformed("foo; a==1").contains("expected a value for parameter 'a'"));
    }

    @Test
    void quotedValueMustBeAToken() {
        assertEquals("The Sec-WebSocket-Extensions header 'foo; a=\"1 0\"' is malformed: the quoted value of "
                + "parameter 'a' of extension 'foo' at position 7 is not a token (RFC 6455 section 9.1).",
                malformed("foo; a=\"1 0\""));
        assertTrue(malformed("foo; a=\"\"").contains("is not a token"));
        assertTrue(malformed("foo; a=\"x,y\"").contains("is not a token"));
        assertTrue(malformed("foo; a=\"\\\"\"").contains("is not a token"));
    }

    @Test
    void brokenQuotedStrings() {
        assertEquals("The Sec-WebSocket-Extensions header 'foo; a=\"10' is malformed: the quoted string at position 7 "
                + "is not terminated (RFC 6455 section 9.1).", malformed("foo; a=\"10"));
        assertTrue(malformed("foo; a=\"1\\").contains("ends with a lone backslash"));
        assertTrue(malformed("foo; a=\"1\\\u0001\"").contains("escapes a control character"));
        assertTrue(malformed("foo; a=\"1\u0001\"").contains("holds a character not allowed in it at position 9"));
        assertTrue(malformed("foo; a=\"1\"2").contains("expected ',' or ';' at position 10 but found '2'"));
    }

    @Test
    void badCharactersBetweenElements() {
        assertEquals("The Sec-WebSocket-Extensions header 'foo bar' is malformed: expected ',' or ';' at position 4 "
                + "but found 'b' (RFC 6455 section 9.1).", malformed("foo bar"));
        assertTrue(malformed("foo/bar").contains("found '/'"));
        assertTrue(malformed("foo; a=1 2").contains("found '2'"));
        assertTrue(malformed("foo\u00e9").contains("found the character 0xE9"));
        assertTrue(malformed("foo; a=[1]").contains("expected a value for parameter 'a'"));
        assertTrue(malformed("\"foo\"").contains("expected an extension name at position 0 but found '\"'"));
    }

    @Test
    void oneBadLineSpoilsTheWholeHeader() {
        WsProtocolException e = assertThrows(WsProtocolException.class, () -> parse("a", "b;"));
        assertEquals(Violation.BAD_NEGOTIATION_HEADER, e.violation());
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String value = "x".repeat(200) + " y";
        String message = malformed(value);
        assertTrue(message.startsWith("The Sec-WebSocket-Extensions header '" + "x".repeat(80) + "...' is malformed"),
                message);
    }

    @Test
    void formatIsTheInverseOfParse() {
        List<ExtensionParams> exts = List.of(ext("permessage-deflate", p("client_max_window_bits", null),
                p("server_max_window_bits", "10")), ext("x-foo"));
        String header = ExtensionHeaderParser.format(exts);
        assertEquals("permessage-deflate; client_max_window_bits; server_max_window_bits=10, x-foo", header);
        assertEquals(exts, parse(header));
        assertEquals("", ExtensionHeaderParser.format(List.of()));
    }

    @Test
    void formatRefusesNonTokens() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExtensionHeaderParser.format(List.of(ext("foo", p("a", "1 2")))));
        assertEquals("The parameter value '1 2' is not a token (RFC 6455 section 9.1).", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExtensionHeaderParser.format(List.of(ext("a,b"))));
    }

    @Test
    void garbageOnlyEverGivesBadNegotiationHeader() {
        String alphabet = "ab=;,\" \t\\\u0001\u007f\u00ff1-_";
        Random random = new Random(20261121L);
        int failures = 0;
        for (int i = 0; i < 20_000; i++) {
            char[] chars = new char[random.nextInt(24)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String value = new String(chars);
            try {
                List<ExtensionParams> result = parse(value);
                assertTrue(!result.isEmpty(), value);
                // Whatever parses must survive a round trip through format.
                assertEquals(result, ExtensionHeaderParser.parse(List.of(ExtensionHeaderParser.format(result))), value);
            } catch (WsProtocolException e) {
                assertEquals(Violation.BAD_NEGOTIATION_HEADER, e.violation(), value);
                assertTrue(e.getMessage().startsWith("The Sec-WebSocket-Extensions header '"), e.getMessage());
                assertTrue(e.getMessage().endsWith("(RFC 6455 section 9.1)."), e.getMessage());
                failures++;
            } catch (RuntimeException e) {
                fail("Unexpected " + e + " for '" + value + "'");
            }
        }
        assertTrue(failures > 1000 && failures < 20_000, "both outcomes occur: " + failures);
    }

    @Test
    void manyHeaderLinesWithManyOffers() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add("e" + i + "; p=" + i + ", f" + i);
        }
        List<ExtensionParams> all = ExtensionHeaderParser.parse(lines);
        assertEquals(100, all.size());
        assertEquals(ext("e49", p("p", "49")), all.get(98));
        assertEquals(ext("f49"), all.get(99));
    }
}
