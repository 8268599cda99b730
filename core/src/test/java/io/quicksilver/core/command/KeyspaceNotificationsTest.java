package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.event.NotifyFlags;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keyspace notifications end to end: a command changes a key, the engine publishes on
 * {@code __keyspace@<db>__:<key>} and {@code __keyevent@<db>__:<event>}, a subscribed client
 * receives them. Every expected sequence was recorded from Redis 7.0.15 with a subscriber on
 * {@code __key*@*__:*}.
 */
class KeyspaceNotificationsTest {

    /** A harness plus one client psubscribed to both notification channels of every database. */
    private static final class Fixture implements AutoCloseable {
        final CommandHarness h = new CommandHarness();
        final RecordingConnection conn = new RecordingConnection();
        final Client sub = h.newClient(conn);

        Fixture(String classes) {
            h.engine.notifyFlags(NotifyFlags.parse(classes));
            h.runAll(sub, "PSUBSCRIBE", "__keyspace@*__:*", "__keyevent@*__:*");
        }

        Object run(String... args) {
            return h.run(args);
        }

        /**
         * The notifications received since the last call, as "channel message" strings in the
         * order they were published.
         */
        List<String> events() {
            List<String> out = new ArrayList<>();
            for (Object o : conn.drain()) {
                List<?> m = (List<?>) o;
                assertEquals("pmessage", m.get(0));
                out.add(m.get(2) + " " + m.get(3));
            }
            return out;
        }

        @Override
        public void close() {
            h.close();
        }
    }

    /** The pair Redis publishes for one event with K and E both on. */
    private static List<String> ev(int db, String key, String event) {
        return List.of("__keyspace@" + db + "__:" + key + " " + event,
                "__keyevent@" + db + "__:" + event + " " + key);
    }

    @SafeVarargs
    private static List<String> seq(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    // ---------------------------------------------------------------- gating

    @Test
    void nothingWhenOff() {
        try (Fixture f = new Fixture("")) {
            f.run("SET", "k", "v");
            f.run("DEL", "k");
            f.run("GET", "k");
            assertEquals(List.of(), f.events());
        }
    }

    @Test
    void classesWithoutKOrEPublishNothing() {
        try (Fixture f = new Fixture("A")) {
            f.run("SET", "k", "v");
            assertEquals(List.of(), f.events());
        }
    }

    @Test
    void keyspaceOnlyAndKeyeventOnly() {
        try (Fixture f = new Fixture("K$")) {
            f.run("SET", "k", "v");
            assertEquals(List.of("__keyspace@0__:k set"), f.events());
        }
        try (Fixture f = new Fixture("E$")) {
            f.run("SET", "k", "v");
            assertEquals(List.of("__keyevent@0__:set k"), f.events());
        }
    }

    @Test
    void eachClassGatesItsEvents() {
        try (Fixture f = new Fixture("KE$")) {
            f.run("SET", "k", "v");
            f.run("EXPIRE", "k", "100"); // generic: not enabled
            f.run("DEL", "k");           // generic
            assertEquals(ev(0, "k", "set"), f.events());
        }
        try (Fixture f = new Fixture("KEg")) {
            f.run("SET", "k", "v");      // string: not enabled
            f.run("EXPIRE", "k", "100");
            f.run("DEL", "k");
            assertEquals(seq(ev(0, "k", "expire"), ev(0, "k", "del")), f.events());
        }
    }

    @Test
    void subscriberToOneExactChannel() {
        try (CommandHarness h = new CommandHarness()) {
            h.engine.notifyFlags(NotifyFlags.parse("KEA"));
            RecordingConnection conn = new RecordingConnection();
            Client sub = h.newClient(conn);
            h.runAll(sub, "SUBSCRIBE", "__keyevent@0__:del");
            h.run("SET", "a", "1");
            h.run("SET", "b", "1");
            h.run("DEL", "a", "b", "nokey");
            assertEquals(List.of(List.of("message", "__keyevent@0__:del", "a"),
                    List.of("message", "__keyevent@0__:del", "b")), conn.drain());
        }
    }

    // ---------------------------------------------------------------- strings and keys

    @Test
    void setNewAndOverwrite() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("SET", "k", "v");
            f.run("SET", "k", "v2");
            assertEquals(seq(ev(0, "k", "set"), ev(0, "k", "set")), f.events());
        }
    }

    @Test
    void newKeyEventsWithN() {
        try (Fixture f = new Fixture("KEAn")) {
            f.run("SET", "k", "v");
            assertEquals(seq(ev(0, "k", "new"), ev(0, "k", "set")), f.events());
            f.run("SET", "k", "v2");
            assertEquals(ev(0, "k", "set"), f.events(), "no 'new' for an existing key");
            f.run("INCR", "n");
            assertEquals(seq(ev(0, "n", "new"), ev(0, "n", "incrby")), f.events());
            f.run("MSET", "a", "1", "b", "2");
            assertEquals(seq(ev(0, "a", "new"), ev(0, "a", "set"), ev(0, "b", "new"), ev(0, "b", "set")),
                    f.events());
            f.run("SETNX", "a", "1");
            assertEquals(List.of(), f.events());
            f.run("SETRANGE", "r", "2", "x");
            assertEquals(seq(ev(0, "r", "new"), ev(0, "r", "setrange")), f.events());
        }
        try (Fixture f = new Fixture("Kn")) {
            f.run("SET", "k", "v");
            assertEquals(List.of("__keyspace@0__:k new"), f.events(), "'n' alone, without '$'");
        }
    }

    @Test
    void setWithExpiryAndSetex() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("SET", "t", "v", "PX", "5000");
            assertEquals(seq(ev(0, "t", "set"), ev(0, "t", "expire")), f.events());
            f.run("SETEX", "t2", "100", "v");
            assertEquals(seq(ev(0, "t2", "set"), ev(0, "t2", "expire")), f.events());
            f.run("PERSIST", "t2");
            assertEquals(ev(0, "t2", "persist"), f.events());
            f.run("GETEX", "t2", "EX", "10");
            assertEquals(ev(0, "t2", "expire"), f.events());
            f.run("GETDEL", "t2");
            assertEquals(ev(0, "t2", "del"), f.events());
            f.run("GETSET", "t", "x");
            assertEquals(ev(0, "t", "set"), f.events());
        }
    }

    @Test
    void counters() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("INCR", "n");
            f.run("INCRBY", "n", "5");
            f.run("DECR", "n");
            f.run("DECRBY", "n", "2");
            f.run("INCRBYFLOAT", "n", "1.5");
            f.run("APPEND", "n", "x");
            assertEquals(seq(ev(0, "n", "incrby"), ev(0, "n", "incrby"), ev(0, "n", "incrby"),
                    ev(0, "n", "incrby"), ev(0, "n", "incrbyfloat"), ev(0, "n", "append")), f.events());
        }
    }

    @Test
    void delFiresOnlyForKeysThatExisted() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("SET", "a", "1");
            f.run("SET", "b", "1");
            f.events();
            assertEquals(2L, f.run("DEL", "a", "nokey", "b"));
            assertEquals(seq(ev(0, "a", "del"), ev(0, "b", "del")), f.events());
            f.run("DEL", "nokey");
            assertEquals(List.of(), f.events());
        }
    }

    @Test
    void expireAndExpireInThePastDeletes() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("SET", "k", "v");
            f.events();
            f.run("EXPIRE", "k", "100");
            assertEquals(ev(0, "k", "expire"), f.events());
            f.run("PEXPIRE", "k", "100000");
            assertEquals(ev(0, "k", "expire"), f.events());
            assertEquals(1L, f.run("EXPIRE", "k", "-1"));
            assertEquals(ev(0, "k", "del"), f.events());
            f.run("SET", "k", "v");
            f.events();
            assertEquals(1L, f.run("EXPIREAT", "k", "1"));
            assertEquals(ev(0, "k", "del"), f.events());
            assertEquals(0L, f.run("EXPIRE", "k", "10"));
            assertEquals(List.of(), f.events());
        }
    }

    @Test
    void renameFromAndTo() {
        try (Fixture f = new Fixture("KEAn")) {
            f.run("SET", "k", "v");
            f.run("SET", "d", "v");
            f.events();
            f.run("RENAME", "k", "d"); // onto an existing key: no "del" for it, but "new"
            assertEquals(seq(ev(0, "d", "new"), ev(0, "k", "rename_from"), ev(0, "d", "rename_to")),
                    f.events());
            f.run("RENAME", "d", "d");
            assertEquals(List.of(), f.events());
            f.run("RENAMENX", "d", "e");
            assertEquals(seq(ev(0, "e", "new"), ev(0, "d", "rename_from"), ev(0, "e", "rename_to")),
                    f.events());
        }
        try (Fixture f = new Fixture("KEA")) {
            f.run("SET", "k", "v");
            f.events();
            f.run("RENAME", "k", "k2");
            assertEquals(seq(ev(0, "k", "rename_from"), ev(0, "k2", "rename_to")), f.events());
        }
    }

    @Test
    void otherDatabaseNumbersTheChannel() {
        try (Fixture f = new Fixture("KEA")) {
            f.h.client.db = 3; // as SELECT 3
            f.run("SET", "q", "1");
            assertEquals(ev(3, "q", "set"), f.events());
        }
    }

    // ---------------------------------------------------------------- expiry by the clock

    @Test
    void lazyExpiryOnReadFiresExpiredThenKeymiss() {
        try (Fixture f = new Fixture("KEAm")) {
            f.run("SET", "t", "v", "PX", "100");
            f.events();
            f.h.clock.advance(101);
            assertEquals(null, f.run("GET", "t"));
            assertEquals(seq(ev(0, "t", "expired"), ev(0, "t", "keymiss")), f.events());
        }
        try (Fixture f = new Fixture("KEx")) {
            f.run("SET", "t", "v", "PX", "100");
            f.h.clock.advance(101);
            f.run("GET", "t");
            assertEquals(ev(0, "t", "expired"), f.events(), "only 'x' enabled");
        }
    }

    @Test
    void lazyExpiryOnWriteFiresExpiredThenNew() {
        try (Fixture f = new Fixture("KEAn")) {
            f.run("SET", "w", "1", "PX", "30");
            f.events();
            f.h.clock.advance(31);
            assertEquals(1L, f.run("INCR", "w"));
            assertEquals(seq(ev(0, "w", "expired"), ev(0, "w", "new"), ev(0, "w", "incrby")), f.events());
        }
    }

    @Test
    void activeExpiryFiresExpired() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("SET", "t1", "v", "PX", "100");
            f.run("SET", "t2", "v", "PX", "100");
            f.run("SET", "keep", "v", "PX", "100000");
            f.events();
            f.h.clock.advance(500);
            assertEquals(2L, f.h.engine.activeExpireCycle(1_000_000));
            List<String> got = f.events();
            assertEquals(4, got.size());
            assertTrue(got.containsAll(seq(ev(0, "t1", "expired"), ev(0, "t2", "expired"))), got.toString());
        }
    }

    // ---------------------------------------------------------------- key misses

    @Test
    void keymissOnlyWithM() {
        try (Fixture f = new Fixture("KEA")) {
            f.run("GET", "nope");
            assertEquals(List.of(), f.events(), "'A' does not include 'm'");
        }
        try (Fixture f = new Fixture("KEm")) {
            f.run("GET", "nope");
            assertEquals(ev(0, "nope", "keymiss"), f.events());
            f.run("MGET", "nope", "nope2");
            assertEquals(seq(ev(0, "nope", "keymiss"), ev(0, "nope2", "keymiss")), f.events());
            f.run("EXISTS", "nope");
            assertEquals(ev(0, "nope", "keymiss"), f.events());
            f.run("DEL", "nope"); // a write lookup: no miss
            assertEquals(List.of(), f.events());
        }
    }

    // ---------------------------------------------------------------- configuration strings

    @Test
    void configSetTurnsNotificationsOnAndOff() {
        try (Fixture f = new Fixture("")) {
            assertEquals("OK", f.run("CONFIG", "SET", "notify-keyspace-events", "KEA"));
            assertEquals(java.util.Map.of("notify-keyspace-events", "AKE"), f.run("CONFIG", "GET", "notify-keyspace-events"));
            f.run("SET", "k", "v");
            assertEquals(ev(0, "k", "set"), f.events());
            f.h.assertError("ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
                    + "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.",
                    "CONFIG", "SET", "notify-keyspace-events", "KEq");
            f.run("DEL", "k");
            assertEquals(ev(0, "k", "del"), f.events(), "a rejected value changes nothing");
            assertEquals("OK", f.run("CONFIG", "SET", "notify-keyspace-events", ""));
            f.run("SET", "k", "v");
            assertEquals(List.of(), f.events());
        }
    }

    @Test
    void classStringsReadBackAsRedisPrintsThem() {
        // Redis 7.0.15: CONFIG SET notify-keyspace-events KEAnm, then CONFIG GET -> "AKEm"
        assertEquals("AKEm", NotifyFlags.format(NotifyFlags.parse("KEAnm")));
        assertEquals("gn", NotifyFlags.format(NotifyFlags.parse("gn")));
        assertEquals("nKE", NotifyFlags.format(NotifyFlags.parse("nKE")));
        assertEquals("AKE", NotifyFlags.format(NotifyFlags.parse("g$lshzxetdKE")));
        assertEquals("g$xK", NotifyFlags.format(NotifyFlags.parse("Kx$g")));
        assertEquals(-1, NotifyFlags.parse("Kq"));
        assertEquals("", NotifyFlags.format(NotifyFlags.parse("")));
    }
}
