package dev.wscodec.api;

import java.util.ArrayList;
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

    public static final HttpHeaders EMPTY = new HttpHeaders(List.of());

    private final List<Field> fields;

    private HttpHeaders(List<Field> fields) {
        this.fields = fields;
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
        b.fields.addAll(fields);
        return b;
    }

    /** All fields in the order they were added. */
    public List<Field> fields() {
        return fields;
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    public int size() {
        return fields.size();
    }

    public boolean contains(String name) {
        return get(name) != null;
    }

    /** The value of the first field with this name, or {@code null}. */
    public String get(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** The values of all fields with this name, in order. */
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                out.add(f.value());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The comma-separated tokens of all fields with this name (RFC 9110 §5.6.1), trimmed, empty elements dropped,
     * in order. {@code Connection: keep-alive, Upgrade} gives {@code [keep-alive, Upgrade]}.
     */
    public List<String> tokens(String name) {
        List<String> out = new ArrayList<>(4);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                for (String part : f.value().split(",")) {
                    String t = part.trim();
                    if (!t.isEmpty()) {
                        out.add(t);
                    }
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

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpHeaders h && h.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HttpHeaders[");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields.get(i).name()).append(": ").append(fields.get(i).value());
        }
        return sb.append(']').toString();
    }

    /** Builds {@link HttpHeaders}; rejects names and values that would break the header block. */
    public static final class Builder {
        private final List<Field> fields = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            fields.add(new Field(name, value));
            return this;
        }

        /** Removes every field with this name, then adds one. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            fields.removeIf(f -> f.name().equalsIgnoreCase(name));
            return this;
        }

        public Builder addAll(HttpHeaders headers) {
            fields.addAll(headers.fields());
            return this;
        }

        public HttpHeaders build() {
            return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
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
