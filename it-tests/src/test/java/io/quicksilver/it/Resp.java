package io.quicksilver.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A RESP reply as it came off the wire, keeping its exact type: a simple string is not a bulk
 * string, a RESP2 null bulk ({@code $-1}) is not a null array ({@code *-1}) nor a RESP3 null
 * ({@code _}), a RESP3 double keeps the text the server printed. Two replies are equal exactly
 * when a server sent the same bytes' meaning (aggregates compared element by element, in order).
 *
 * <p>Bulk strings are held as ISO-8859-1 strings: every byte maps to one char, so the mapping is
 * lossless and records get value equality for free.
 */
public sealed interface Resp {

    /** {@code +text}. */
    record Simple(String text) implements Resp {
        @Override public String toString() { return "+" + text; }
    }

    /** {@code -text}. */
    record Err(String text) implements Resp {
        @Override public String toString() { return "-" + text; }
    }

    /** {@code :value}. */
    record Int(long value) implements Resp {
        @Override public String toString() { return ":" + value; }
    }

    /** {@code $len payload}; the payload as ISO-8859-1 chars (one per byte). */
    record Bulk(String latin1) implements Resp {
        public static Bulk of(byte[] bytes) {
            return new Bulk(new String(bytes, StandardCharsets.ISO_8859_1));
        }

        public byte[] bytes() {
            return latin1.getBytes(StandardCharsets.ISO_8859_1);
        }

        /** The payload decoded as UTF-8 (for assertions on text). */
        public String utf8() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        /** Long payloads are shown by their first 200 bytes and length (a mismatch report of a 512 MB string must not exhaust the heap). */
        @Override public String toString() {
            return latin1.length() <= 1024 ? "$\"" + escape(latin1) + "\""
                    : "$\"" + escape(latin1.substring(0, 200)) + "\"... (" + latin1.length() + " bytes, hash " + latin1.hashCode() + ")";
        }
    }

    /**
     * A null: {@code marker} is the type byte it came with: {@code '$'} for RESP2 {@code $-1},
     * {@code '*'} for RESP2 {@code *-1}, {@code '_'} for RESP3 null.
     */
    record Null(char marker) implements Resp {
        @Override public String toString() { return marker == '_' ? "_" : marker + "-1"; }
    }

    /**
     * An aggregate. {@code marker} is {@code '*'} (array), {@code '~'} (set), {@code '>'} (push);
     * maps and attributes are {@link MapReply}.
     */
    record Arr(char marker, List<Resp> items) implements Resp {
        public Arr {
            items = List.copyOf(items);
        }

        public Resp get(int i) { return items.get(i); }

        public int size() { return items.size(); }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder().append(marker).append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(items.get(i));
            }
            return sb.append(']').toString();
        }
    }

    /** RESP3 map ({@code %}) or attribute ({@code |}), pairs in wire order. */
    record MapReply(char marker, List<Resp> keys, List<Resp> values) implements Resp {
        public MapReply {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
        }

        /** The value under a bulk or simple string key equal to {@code name}, or null. */
        public Resp get(String name) {
            for (int i = 0; i < keys.size(); i++) {
                if (name.equals(Resp.text(keys.get(i)))) return values.get(i);
            }
            return null;
        }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder().append(marker).append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) sb.append(", ");
                sb.append(keys.get(i)).append(" => ").append(values.get(i));
            }
            return sb.append('}').toString();
        }
    }

    /** RESP3 double ({@code ,text}), the text exactly as printed. */
    record Dbl(String text) implements Resp {
        @Override public String toString() { return "," + text; }
    }

    /** RESP3 boolean ({@code #t} / {@code #f}). */
    record Bool(boolean value) implements Resp {
        @Override public String toString() { return value ? "#t" : "#f"; }
    }

    /** RESP3 big number ({@code (digits}). */
    record BigNum(String digits) implements Resp {
        @Override public String toString() { return "(" + digits; }
    }

    /** RESP3 verbatim string ({@code =len fmt:payload}). */
    record Verbatim(String format, String latin1) implements Resp {
        @Override public String toString() { return "=" + format + ":\"" + escape(latin1) + "\""; }
    }

    /** RESP3 blob error ({@code !len payload}). */
    record BlobErr(String text) implements Resp {
        @Override public String toString() { return "!" + text; }
    }

    // ------------------------------------------------------------------ helpers

    static Resp simple(String s) { return new Simple(s); }

    static Resp bulk(String utf8) { return Bulk.of(utf8.getBytes(StandardCharsets.UTF_8)); }

    static Resp integer(long v) { return new Int(v); }

    static Resp array(Resp... items) { return new Arr('*', List.of(items)); }

    /** The text of a simple, bulk, verbatim or error reply (UTF-8 decoded), else null. */
    static String text(Resp r) {
        if (r instanceof Simple s) return s.text();
        if (r instanceof Bulk b) return b.utf8();
        if (r instanceof Verbatim v) return new String(v.latin1().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        if (r instanceof Err e) return e.text();
        if (r instanceof BlobErr e) return e.text();
        return null;
    }

    /**
     * The same reply with the elements of an unordered aggregate sorted (by their printed form),
     * so two servers whose iteration orders differ compare equal. Maps keep pairs together and
     * are sorted by key. Nested aggregates are not touched (callers normalise what they know is
     * unordered).
     */
    static Resp sorted(Resp r) {
        if (r instanceof Arr a) {
            List<Resp> items = new ArrayList<>(a.items());
            items.sort(Comparator.comparing(Resp::toString));
            return new Arr(a.marker(), items);
        }
        if (r instanceof MapReply m) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < m.keys().size(); i++) idx.add(i);
            idx.sort(Comparator.comparing(i -> m.keys().get(i).toString()));
            List<Resp> k = new ArrayList<>();
            List<Resp> v = new ArrayList<>();
            for (int i : idx) {
                k.add(m.keys().get(i));
                v.add(m.values().get(i));
            }
            return new MapReply(m.marker(), k, v);
        }
        return r;
    }

    /** Printable form of a latin1 payload: escapes control and non-ASCII bytes. */
    static String escape(String latin1) {
        StringBuilder sb = new StringBuilder(latin1.length());
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c >= 0x20 && c < 0x7f) sb.append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else sb.append(String.format("\\x%02x", (int) c));
        }
        return sb.toString();
    }
}
