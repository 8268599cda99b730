package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Prefetch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Dispatcher#prefetch}: which commands a connection may decode ahead of, which keys they
 * bring to the batch's {@link Prefetch}; and that walking a batch changes nothing and survives
 * writers changing the tables under it.
 */
class PrefetchTest {
    private final CommandHarness h = new CommandHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static byte[][] args(String... a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private boolean prefetch(Prefetch p, String... a) {
        return h.node.dispatcher().prefetch(h.client, args(a), p);
    }

    @Test
    void keyedCommandsBringTheirKeysAndLetTheReadGoOn() {
        Prefetch p = new Prefetch();
        assertTrue(prefetch(p, "GET", "a"));
        assertTrue(prefetch(p, "set", "b", "1"));
        assertTrue(prefetch(p, "MSET", "c", "1", "d", "2", "e", "3"));
        assertTrue(prefetch(p, "MGET", "f", "g"));
        assertTrue(prefetch(p, "ZADD", "z", "1", "m"));
        assertEquals(1 + 1 + 3 + 2 + 1, p.size());
        assertTrue(prefetch(p, "ZADD", "z", "2", "n"));
        assertEquals(8, p.size(), "a pipeline on one key brings it once");
        p.run();
        assertEquals(0, p.size(), "a run forgets its keys");
    }

    @Test
    void collectionCommandsBringTheMemberTheyLookFor() {
        Prefetch p = new Prefetch();
        prefetch(p, "SADD", "s", "m1", "m2");
        prefetch(p, "HSET", "h", "f", "v");
        prefetch(p, "ZADD", "z", "NX", "1", "a", "2", "b");
        prefetch(p, "GET", "g");
        prefetch(p, "LPUSH", "l", "x");
        assertEquals(3, p.members(), "SADD's, HSET's and ZADD's; none for GET or LPUSH");
        p.run();
        assertEquals(0, p.members());
    }

    @Test
    void walkingTheMembersOfLargeCollectionsChangesNothing() {
        // large enough for the hashtable and skiplist encodings, whose tables touch() reads
        for (int i = 0; i < 600; i++) {
            h.run("SADD", "s", "m" + i);
            h.run("HSET", "h", "f" + i, "v" + i);
            h.run("ZADD", "z", Integer.toString(i), "m" + i);
        }
        assertEquals("hashtable", h.run("OBJECT", "ENCODING", "s"));
        assertEquals("hashtable", h.run("OBJECT", "ENCODING", "h"));
        assertEquals("skiplist", h.run("OBJECT", "ENCODING", "z"));
        Prefetch p = new Prefetch();
        for (int i = 0; i < 10; i++) {
            prefetch(p, "SISMEMBER", "s", "m" + (i * 37));
            prefetch(p, "HGET", "h", "absent" + i);
            prefetch(p, "ZSCORE", "z", "m" + i);
        }
        assertEquals(30, p.members());
        p.run();
        assertEquals(0, p.touchFailures());
        assertEquals(600L, h.run("SCARD", "s"));
        assertEquals("v7", h.run("HGET", "h", "f7"));
        assertEquals(7.0, h.run("ZSCORE", "z", "m7"));
    }

    @Test
    void commandsThatMayChangeHowTheRestIsReadEndTheBatch() {
        Prefetch p = new Prefetch();
        for (List<String> c : List.of(List.of("AUTH", "pw"), List.of("HELLO", "3"), List.of("CONFIG", "SET", "x", "y"),
                List.of("SELECT", "1"), List.of("MULTI"), List.of("PING"), List.of("NOSUCH", "k"),
                List.of("CLIENT", "REPLY", "OFF"), List.of("EVAL", "return 1", "1", "k"), List.of("GET"))) {
            assertFalse(prefetch(p, c.toArray(new String[0])), c.toString());
        }
        assertEquals(0, p.size());
        h.run("MULTI");
        assertFalse(prefetch(p, "GET", "a"), "queued commands are not run: nothing to prefetch");
        h.run("DISCARD");
        assertTrue(prefetch(p, "GET", "a"));
    }

    @Test
    void aBatchHoldsAtMostMaxKeysAndEndsWhenFull() {
        Prefetch p = new Prefetch();
        String[] mset = new String[1 + 2 * (Prefetch.MAX_KEYS + 5)];
        mset[0] = "MSET";
        for (int i = 1; i < mset.length; i++) {
            mset[i] = "k" + i;
        }
        assertFalse(prefetch(p, mset), "a full batch is handed over before more is decoded");
        assertEquals(Prefetch.MAX_KEYS, p.size());
        p.run();
        for (int i = 0; i < Prefetch.MAX_KEYS - 1; i++) {
            assertTrue(prefetch(p, "GET", "k" + i));
        }
        assertFalse(prefetch(p, "GET", "last"), "the command that fills the batch ends it");
        assertEquals(Prefetch.MAX_KEYS, p.size());
    }

    @Test
    void walkingABatchChangesNothing() {
        h.run("SET", "s", "v");
        h.run("RPUSH", "l", "a", "b");
        h.run("HSET", "h", "f", "v");
        h.run("SET", "t", "v", "PX", "5");
        Prefetch p = new Prefetch();
        for (String k : List.of("s", "l", "h", "t", "absent")) {
            prefetch(p, "TYPE", k);
        }
        h.clock.advance(10);
        p.run();
        assertEquals("v", h.run("GET", "s"));
        assertEquals(List.of("a", "b"), h.run("LRANGE", "l", "0", "-1"));
        assertEquals("v", h.run("HGET", "h", "f"));
        assertEquals(4L, h.run("DBSIZE"), "the expired key is left alone: the commands reclaim it");
        assertNull(h.run("GET", "t"));
        assertEquals(3L, h.run("DBSIZE"));
    }

    @Test
    void survivesWritersGrowingAndShrinkingTheTablesItWalks() throws Exception {
        // keys come and go, and so do the members of a set, a hash and a sorted set that grow
        // past their small encodings and shrink again (tables rehashed under the walk)
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Client writer = h.newClient();
        Thread t = new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            try {
                while (!stop.get()) {
                    // bursts of adds then deletes, so tables grow and shrink (chains relinked)
                    int base = rnd.nextInt(100);
                    for (int i = 0; i < 300; i++) {
                        h.run(writer, "SET", "k" + (base + i), "v" + i);
                        h.run(writer, "SADD", "set", "m" + (base + i));
                        h.run(writer, "HSET", "hash", "f" + (base + i), "v");
                        h.run(writer, "ZADD", "zset", Integer.toString(i), "m" + (base + i));
                    }
                    for (int i = 0; i < 300; i++) {
                        h.run(writer, "DEL", "k" + (base + i));
                        h.run(writer, "SREM", "set", "m" + (base + i));
                        h.run(writer, "HDEL", "hash", "f" + (base + i));
                        h.run(writer, "ZREM", "zset", "m" + (base + i));
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "prefetch-writer");
        t.start();
        Prefetch p = new Prefetch();
        long end = System.nanoTime() + 1_000_000_000L;
        long batches = 0;
        try {
            while (System.nanoTime() < end && failure.get() == null) {
                for (int i = 0; i < 4; i++) {
                    int r = ThreadLocalRandom.current().nextInt(400);
                    prefetch(p, "GET", "k" + r);
                    prefetch(p, "SISMEMBER", "set", "m" + r);
                    prefetch(p, "HGET", "hash", "f" + r);
                    prefetch(p, "ZSCORE", "zset", "m" + r);
                }
                p.run();
                batches++;
            }
        } finally {
            stop.set(true);
            t.join(10_000);
        }
        assertNull(failure.get(), () -> "writer failed: " + failure.get());
        assertTrue(batches > 100, "batches walked: " + batches);
        assertEquals(0, p.touchFailures(), "member walks that threw under the writer");
        assertEquals(0L, h.run("DBSIZE"));
    }
}
