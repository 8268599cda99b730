package io.quicksilver.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The vocabulary of the differential test: what is sent, and how two replies are compared. */
final class Diff {
    private Diff() {}

    /** How the replies of the two servers are compared. */
    enum Check {
        /** Same type and value. */
        EXACT,
        /** An unordered aggregate (KEYS, SMEMBERS, a group of pub/sub pushes): compared sorted. */
        SORTED,
        /** A flat RESP2 array of field/value pairs or a RESP3 map, whose pair order is free. */
        PAIRS_SORTED,
        /** A time in seconds (TTL, EXPIRETIME): equal within 1, negatives (-1, -2) exact. */
        TTL_S,
        /** A time in milliseconds (PTTL, PEXPIRETIME): equal within 50 ms, negatives exact. */
        TTL_MS,
        /** A HELLO reply: equal once the client id (different per server) is masked. */
        HELLO,
        /**
         * An aggregate of a single key's elements (SMEMBERS, HKEYS, HVALS): its order is the
         * key's iteration order, which two Redis servers share only in the compact encodings. The
         * runner compares it exactly when the reference reports the key (the command's first
         * argument) as listpack or intset, otherwise unordered.
         */
        ORDERED_IF_COMPACT,
        /** As {@link #ORDERED_IF_COMPACT}, for pairs (HGETALL, HRANDFIELD .. WITHVALUES, ZRANDMEMBER .. WITHSCORES). */
        PAIRS_ORDERED_IF_COMPACT
    }

    /** One step of a sequence. */
    sealed interface Action {}

    /**
     * Sends {@code args} on connection {@code conn} (0 or 1) of both servers and compares the
     * {@code replies} replies that follow (SUBSCRIBE a b answers twice), each with {@code check}.
     */
    record Send(int conn, List<Object> args, Check check, int replies) implements Action {
        Send(int conn, List<Object> args, Check check) {
            this(conn, args, check, 1);
        }

        @Override public String toString() {
            return "[conn " + conn + "] " + format(args);
        }
    }

    /** Reads {@code count} pushed messages on {@code conn} and compares them as a group (unordered). */
    record Read(int conn, int count) implements Action {
        @Override public String toString() {
            return "[conn " + conn + "] (read " + count + " pushed message(s))";
        }
    }

    /**
     * Iterates {@code command} (HSCAN, SSCAN or ZSCAN) over {@code key} to the end on {@code conn}
     * of each server and compares what the whole iteration returned as a set ({@code pairs}: the
     * items are field/value or member/score pairs), or the first reply that is not a page.
     */
    record KeyScanAll(int conn, String command, Object key, List<Object> extra, boolean pairs) implements Action {
        @Override public String toString() {
            return "[conn " + conn + "] (full " + command + " iteration) " + command + " " + format(List.of(key))
                    + " <cursor> " + format(extra);
        }
    }

    /**
     * Asks the reference alone (on connection 0, uncompared) {@code probe}, a read without side
     * effects such as OBJECT ENCODING, and runs {@code ifTrue} or {@code ifFalse} by what it
     * answered: for commands whose deterministic form depends on what a key holds now.
     */
    record Branch(List<Object> probe, java.util.function.Predicate<Resp> test, List<Action> ifTrue,
            List<Action> ifFalse) implements Action {
        @Override public String toString() {
            return "(the reference asked " + format(probe) + ")";
        }
    }

    /** Sleeps (lets short expiries pass). */
    record Sleep(long millis) implements Action {
        @Override public String toString() {
            return "(sleep " + millis + " ms)";
        }
    }

    /**
     * Iterates SCAN to the end on {@code conn} of each server ({@code extra}: MATCH/COUNT/TYPE
     * arguments) and compares the sets of keys returned.
     */
    record ScanAll(int conn, List<Object> extra) implements Action {
        @Override public String toString() {
            return "[conn " + conn + "] (full SCAN iteration) SCAN <cursor> " + format(extra);
        }
    }

    static String format(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (Object a : args) {
            if (sb.length() > 0) sb.append(' ');
            String s = a instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1)
                    : new String(String.valueOf(a).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            boolean plain = !s.isEmpty() && s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\');
            sb.append(plain ? s : "\"" + Resp.escape(s) + "\"");
        }
        return sb.toString();
    }

    /**
     * Compares two replies under {@code check}.
     *
     * @param check how to compare
     * @param ours  our server's reply (null: none within the timeout)
     * @param ref   the reference's reply
     * @return null when they agree, else why not
     */
    static String compare(Check check, Resp ours, Resp ref) {
        if (ours == null || ref == null) {
            return ours == ref ? null : "one side sent no reply";
        }
        switch (check) {
            case EXACT:
                return ours.equals(ref) ? null : "replies differ";
            case SORTED:
                return Resp.sorted(ours).equals(Resp.sorted(ref)) ? null : "replies differ (compared unordered)";
            case PAIRS_SORTED:
                return pairsSorted(ours).equals(pairsSorted(ref)) ? null : "replies differ (pairs compared unordered)";
            case TTL_S:
                return within(ours, ref, 1);
            case TTL_MS:
                return within(ours, ref, 50);
            case HELLO:
                return maskId(ours).equals(maskId(ref)) ? null : "HELLO replies differ (id masked)";
            case ORDERED_IF_COMPACT:
                return ours.equals(ref) ? null
                        : Resp.sorted(ours).equals(Resp.sorted(ref)) ? ORDER_ONLY : "replies differ (even unordered)";
            case PAIRS_ORDERED_IF_COMPACT:
                return ours.equals(ref) ? null
                        : pairsSorted(ours).equals(pairsSorted(ref)) ? ORDER_ONLY : "replies differ (even as unordered pairs)";
            default:
                throw new AssertionError(check);
        }
    }

    /**
     * What {@link #compare} answers for the {@code *_IF_COMPACT} checks when the replies hold the
     * same elements in another order: the runner decides from the key's encoding.
     */
    static final String ORDER_ONLY = "same elements in another order";

    private static String within(Resp ours, Resp ref, long tolerance) {
        if (ours instanceof Resp.Int a && ref instanceof Resp.Int b) {
            if (a.value() < 0 || b.value() < 0) return a.value() == b.value() ? null : "times differ";
            return Math.abs(a.value() - b.value()) <= tolerance ? null : "times differ by more than " + tolerance;
        }
        return ours.equals(ref) ? null : "replies differ";
    }

    /**
     * The pairs of {@code r} in a canonical order: a RESP3 map sorted by key, a RESP3 array of
     * two-element arrays ([field, value] pairs) sorted, a flat RESP2 array taken two by two.
     */
    static Resp pairsSorted(Resp r) {
        if (r instanceof Resp.Arr a && a.size() > 0 && a.items().stream().allMatch(i -> i instanceof Resp.Arr p && p.size() == 2)) {
            return Resp.sorted(r);
        }
        if (r instanceof Resp.Arr a && a.marker() == '*' && a.size() % 2 == 0) {
            List<Resp> keys = new ArrayList<>();
            List<Resp> values = new ArrayList<>();
            for (int i = 0; i < a.size(); i += 2) {
                keys.add(a.get(i));
                values.add(a.get(i + 1));
            }
            return Resp.sorted(new Resp.MapReply('%', keys, values));
        }
        return Resp.sorted(r);
    }

    private static Resp maskId(Resp r) {
        if (r instanceof Resp.MapReply m) {
            List<Resp> values = new ArrayList<>(m.values());
            for (int i = 0; i < m.keys().size(); i++) {
                if ("id".equals(Resp.text(m.keys().get(i)))) values.set(i, new Resp.Int(0));
            }
            return new Resp.MapReply(m.marker(), m.keys(), values);
        }
        if (r instanceof Resp.Arr a) {
            List<Resp> items = new ArrayList<>(a.items());
            for (int i = 0; i + 1 < items.size(); i += 2) {
                if ("id".equals(Resp.text(items.get(i)))) items.set(i + 1, new Resp.Int(0));
            }
            return new Resp.Arr(a.marker(), items);
        }
        return r;
    }
}
