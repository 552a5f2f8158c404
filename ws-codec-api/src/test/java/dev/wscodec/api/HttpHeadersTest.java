package dev.wscodec.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpHeaders} keeps its fields packed in one array: what goes in through the builder comes out the same,
 * in order, with the lookups, equality and text of a plain list of fields.
 */
class HttpHeadersTest {

    private static final String LONG_VALUE = "x".repeat(70_000);

    /** Well-known names and values, other text, empty, Latin-1 and long values: every way a text is packed. */
    private static List<HttpHeaders.Field> mixed() {
        return List.of(
                new HttpHeaders.Field("Host", "example.com:8080"),
                new HttpHeaders.Field("Upgrade", "websocket"),
                new HttpHeaders.Field("connection", "Upgrade"),
                new HttpHeaders.Field("X-Empty", ""),
                new HttpHeaders.Field("X-Latin-1", "caf\u00e9 \u00ff\u0080 \t tab"),
                new HttpHeaders.Field("Cookie", "c".repeat(191)),
                new HttpHeaders.Field("Cookie", "d".repeat(192)),
                new HttpHeaders.Field("X-Long", LONG_VALUE),
                new HttpHeaders.Field("Sec-WebSocket-Version", "13"));
    }

    private static HttpHeaders build(List<HttpHeaders.Field> fields) {
        HttpHeaders.Builder b = HttpHeaders.builder();
        fields.forEach(f -> b.add(f.name(), f.value()));
        return b.build();
    }

    @Test
    void fieldsComeBackAsAddedInOrder() {
        HttpHeaders h = build(mixed());
        assertEquals(mixed(), h.fields());
        assertEquals(mixed().size(), h.size());
        assertFalse(h.isEmpty());
        assertEquals(mixed(), h.toBuilder().build().fields());
        assertEquals(mixed(), HttpHeaders.builder().addAll(h).build().fields());
        assertThrows(UnsupportedOperationException.class, () -> h.fields().add(new HttpHeaders.Field("A", "b")));
    }

    @Test
    void lookupsIgnoreTheCaseOfNames() {
        HttpHeaders h = build(mixed());
        assertEquals("example.com:8080", h.get("HOST"));
        assertEquals("Upgrade", h.get("Connection"));
        assertEquals("caf\u00e9 \u00ff\u0080 \t tab", h.get("x-latin-1"));
        assertEquals(LONG_VALUE, h.get("x-long"));
        assertEquals("", h.get("X-EMPTY"));
        assertTrue(h.contains("x-empty"));
        assertEquals(List.of("c".repeat(191), "d".repeat(192)), h.getAll("COOKIE"));
        assertNull(h.get("Hos"));
        assertNull(h.get("Hostt"));
        assertFalse(h.contains("Origin"));
        assertEquals(List.of(), h.getAll("Origin"));
        assertNull(h.get(null));
        assertFalse(h.contains(null));
        assertEquals(List.of(), h.getAll(null));
        assertTrue(h.containsToken("upgrade", "WebSocket"));
    }

    @Test
    void nameMatchingIsExactlyStringEqualsIgnoreCase() {
        List<String> names = List.of("Key", "Sec-WebSocket-Key", "X-i", "ETag", "Host");
        List<String> queries = List.of("key", "KEY", "\u212Aey", "sec-websocket-\u212Aey", "x-\u0131", "X-\u0130",
                "X-I", "x-\u00ed", "etag", "e\u0442ag", "HOS", "hostt", "");
        HttpHeaders.Builder b = HttpHeaders.builder();
        for (int i = 0; i < names.size(); i++) {
            b.add(names.get(i), "v" + i);
        }
        HttpHeaders h = b.build();
        for (String q : queries) {
            for (HttpHeaders.Field f : h.fields()) {
                boolean expected = f.name().equalsIgnoreCase(q);
                assertEquals(expected, h.getAll(q).contains(f.value()), "query '" + q + "' against " + f.name());
            }
        }
    }

    @Test
    void multiValuedFieldsKeepTheirOrderAndRemoveTakesThemAll() {
        HttpHeaders h = HttpHeaders.of("A", "1", "b", "2", "a", "3", "C", "4", "A", "5");
        assertEquals(List.of("1", "3", "5"), h.getAll("a"));
        assertEquals("1", h.get("A"));
        HttpHeaders removed = h.toBuilder().remove("a").build();
        assertEquals(HttpHeaders.of("b", "2", "C", "4"), removed);
        HttpHeaders set = h.toBuilder().set("B", "9").build();
        assertEquals(HttpHeaders.of("A", "1", "a", "3", "C", "4", "A", "5", "B", "9"), set);
        assertEquals(h, HttpHeaders.of("A", "1", "b", "2", "a", "3", "C", "4", "A", "5"), "the original is unchanged");
        assertSame(HttpHeaders.EMPTY, h.toBuilder().remove("A").remove("B").remove("c").build());
        assertEquals(HttpHeaders.of("A", "1"), HttpHeaders.builder().remove("A").remove(null).add("A", "1").build());
    }

    @Test
    void equalFieldsGiveEqualHeadersAndTheHashOfTheFieldList() {
        HttpHeaders built = build(mixed());
        HttpHeaders copied = built.toBuilder().add("Extra", "1").remove("extra").build();
        HttpHeaders grown = HttpHeaders.builder().add("Host", "example.com:8080").addAll(
                build(mixed().subList(1, mixed().size()))).build();
        for (HttpHeaders other : List.of(copied, grown)) {
            assertEquals(built, other);
            assertEquals(built.hashCode(), other.hashCode());
        }
        assertEquals(mixed().hashCode(), built.hashCode());
        assertEquals(new ArrayList<>(mixed()).hashCode(), built.fields().hashCode());
        assertNotEquals(HttpHeaders.of("Host", "h"), HttpHeaders.of("host", "h"), "names keep their case");
        assertNotEquals(HttpHeaders.of("A", "websocket"), HttpHeaders.of("A", "WebSocket"));
        assertNotEquals(HttpHeaders.of("A", "1", "B", "2"), HttpHeaders.of("B", "2", "A", "1"), "order counts");
        assertNotEquals(HttpHeaders.of("A", ""), HttpHeaders.EMPTY);
        assertNotEquals(HttpHeaders.of("A", "1"), "A: 1");
    }

    @Test
    void emptyHeaders() {
        HttpHeaders e = HttpHeaders.builder().build();
        assertSame(HttpHeaders.EMPTY, e);
        assertSame(HttpHeaders.EMPTY, HttpHeaders.of());
        assertTrue(e.isEmpty());
        assertEquals(0, e.size());
        assertEquals(List.of(), e.fields());
        assertNull(e.get("Host"));
        assertEquals(List.of(), e.tokens("Connection"));
        assertEquals(List.of().hashCode(), e.hashCode());
        assertEquals("HttpHeaders[]", e.toString());
        assertEquals(HttpHeaders.of("A", "1"), e.toBuilder().add("A", "1").build());
    }

    @Test
    void toStringListsTheFields() {
        assertEquals("HttpHeaders[Host: h, Upgrade: websocket, X-Empty: ]",
                HttpHeaders.of("Host", "h", "Upgrade", "websocket", "X-Empty", "").toString());
    }

    @Test
    void wellKnownTextComesBackShared() {
        HttpHeaders h = HttpHeaders.of(new String("Upgrade"), new String("websocket"));
        assertSame("Upgrade", h.fields().get(0).name());
        assertSame("websocket", h.get("upgrade"));
    }

    @Test
    void textBeyondLatin1IsRefusedAsBefore() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpHeaders.builder().add("X-Name", "snow \u2603"));
        assertEquals("The value of header 'X-Name' holds a line break, NUL or non-Latin-1 character.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HttpHeaders.builder().add("X-\u00e9", "v"));
        assertEquals("The header name 'X-\u00e9' holds a character that is not allowed in a token.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> HttpHeaders.builder().add(null, "v"));
        assertEquals("A header name must not be empty.", e.getMessage());
        assertThrows(NullPointerException.class, () -> HttpHeaders.builder().add("A", null));
        e = assertThrows(IllegalArgumentException.class, () -> HttpHeaders.of("A"));
        assertEquals("Expected name/value pairs but got an odd number of strings.", e.getMessage());
    }

    @Test
    void requestAndResponseShareTheUsualStartLineText() {
        HandshakeRequest r = new HandshakeRequest(new String("GET"), new String("/"), new String("HTTP/1.1"),
                HttpHeaders.EMPTY);
        assertSame("GET", r.method());
        assertSame("/", r.target());
        assertSame("HTTP/1.1", r.version());
        assertEquals(new HandshakeRequest("GET", "/", "HTTP/1.1", HttpHeaders.EMPTY), r);
        HandshakeRequest other = new HandshakeRequest("get", "/a", "HTTP/1.0", HttpHeaders.EMPTY);
        assertEquals("get", other.method());
        assertEquals("HTTP/1.0", other.version());
        HttpResponse ok = new HttpResponse(101, new String("Switching Protocols"), HttpHeaders.EMPTY, null);
        assertSame(HttpResponse.reasonPhrase(101), ok.reason());
        assertEquals("Switching protocols", new HttpResponse(101, "Switching protocols", HttpHeaders.EMPTY, null)
                .reason());
    }
}
