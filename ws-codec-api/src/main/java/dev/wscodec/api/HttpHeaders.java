package dev.wscodec.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable, ordered list of HTTP header fields. Names are compared case-insensitively (RFC 9110 §5.1);
 * a name may occur several times.
 */
public final class HttpHeaders {

    /** One header field as it appeared. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public static final HttpHeaders EMPTY = new HttpHeaders(new byte[0], 0);

    /*
     * The fields packed by HeaderPacking: one array for every name and value, so that a handshake kept for the life
     * of a connection costs a few dozen bytes instead of two strings and a record per field. Lists and strings are
     * built when asked for.
     */
    private final byte[] packed;
    private final int size;

    private HttpHeaders(byte[] packed, int size) {
        this.packed = packed;
        this.size = size;
    }

    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Expected name/value pairs but got an odd number of strings.");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts with these fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.append(this);
        return b;
    }

    /** All fields in the order they were added, as an unmodifiable list made on each call. */
    public List<Field> fields() {
        Field[] out = new Field[size];
        int p = 0;
        for (int i = 0; i < size; i++) {
            int v = HeaderPacking.next(packed, p);
            out[i] = new Field(HeaderPacking.text(packed, p), HeaderPacking.text(packed, v));
            p = HeaderPacking.next(packed, v);
        }
        return List.of(out);
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** The value of the first field with this name, or {@code null}. */
    public String get(String name) {
        int p = 0;
        for (int i = 0; i < size; i++) {
            int v = HeaderPacking.next(packed, p);
            if (HeaderPacking.equalsIgnoreCase(packed, p, name)) {
                return HeaderPacking.text(packed, v);
            }
            p = HeaderPacking.next(packed, v);
        }
        return null;
    }

    /** The values of all fields with this name, in order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        int p = 0;
        for (int i = 0; i < size; i++) {
            int v = HeaderPacking.next(packed, p);
            if (HeaderPacking.equalsIgnoreCase(packed, p, name)) {
                out.add(HeaderPacking.text(packed, v));
            }
            p = HeaderPacking.next(packed, v);
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The comma-separated tokens of all fields with this name (RFC 9110 §5.6.1), trimmed, empty elements dropped,
     * in order. {@code Connection: keep-alive, Upgrade} gives {@code [keep-alive, Upgrade]}.
     */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(4);
        for (String value : getAll(name)) {
            for (String part : value.split(",")) {
                String t = part.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Whether the comma-separated list of field {@code name} holds {@code token}, compared case-insensitively. */
    public boolean containsToken(String name, String token) {
        for (String t : tokens(name)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** Equal when both hold equal fields in the same order (the packed form is canonical). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders h && h.size == size && Arrays.equals(h.packed, packed);
    }

    /** The hash code of {@link #fields()}. */
    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HttpHeaders[");
        int p = 0;
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            int v = HeaderPacking.next(packed, p);
            sb.append(HeaderPacking.text(packed, p)).append(": ").append(HeaderPacking.text(packed, v));
            p = HeaderPacking.next(packed, v);
        }
        return sb.append(']').toString();
    }

    /** Builds {@link HttpHeaders}; rejects names and values that would break the header block. */
    public static final class Builder {
        private static final int MAX_PACKED = Integer.MAX_VALUE - 8;
        private byte[] packed = EMPTY.packed;
        private int length;
        private int size;

        private Builder() {
        }

        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            reserve((long) name.length() + value.length() + 2 * HeaderPacking.MAX_OVERHEAD);
            length = HeaderPacking.write(packed, length, name);
            length = HeaderPacking.write(packed, length, value);
            size++;
            return this;
        }

        /** Removes every field with this name, then adds one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            int read = 0;
            int write = 0;
            int kept = 0;
            for (int i = 0; i < size; i++) {
                int end = HeaderPacking.next(packed, HeaderPacking.next(packed, read));
                if (!HeaderPacking.equalsIgnoreCase(packed, read, name)) {
                    System.arraycopy(packed, read, packed, write, end - read);
                    write += end - read;
                    kept++;
                }
                read = end;
            }
            length = write;
            size = kept;
            return this;
        }

        public Builder addAll(HttpHeaders headers) {
            append(headers);
            return this;
        }

        public HttpHeaders build() {
            return size == 0 ? EMPTY : new HttpHeaders(Arrays.copyOf(packed, length), size);
        }

        /** Appends the fields of {@code headers}: their packed bytes, as they are. */
        private void append(HttpHeaders headers) {
            reserve(headers.packed.length);
            System.arraycopy(headers.packed, 0, packed, length, headers.packed.length);
            length += headers.packed.length;
            size += headers.size;
        }

        private void reserve(long bytes) {
            long needed = length + bytes;
            if (needed > MAX_PACKED) {
                throw new IllegalArgumentException("The header fields do not fit into one array of "
                        + MAX_PACKED + " bytes.");
            }
            if (needed > packed.length) {
                long grown = Math.min(MAX_PACKED, Math.max(64L, 2L * packed.length));
                packed = Arrays.copyOf(packed, (int) Math.max(needed, grown));
            }
        }

        private static void checkName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("A header name must not be empty.");
            }
            for (int i = 0; i < name.length(); i++) {
                if (!isTokenChar(name.charAt(i))) {
                    throw new IllegalArgumentException(
                            "The header name '" + name + "' holds a character that is not allowed in a token.");
                }
            }
        }

        private static void checkValue(String name, String value) {
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                    throw new IllegalArgumentException(
                            "The value of header '" + name + "' holds a line break, NUL or non-Latin-1 character.");
                }
            }
        }
    }

    /** The tchar set of RFC 9110 §5.6.2. */
    public static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
