package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.event.NotifyFlags;
import io.quicksilver.core.engine.type.ObjectRef;
import io.quicksilver.core.pubsub.Subscriber;
import io.quicksilver.core.store.EngineStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The optimistic read path ({@link Database#readValue}: a plain read of a key without its
 * segment lock, validated by the segment's change sequence) raced against writers in the same
 * segment, so that every read overlaps commands, resizes, removals and expiry:
 * <ul>
 * <li>"permanent" keys, always present, are overwritten by commands that first store a poison
 *     value and then the real one under the same lock hold: a read that sees the poison saw
 *     half a command; a read answering null for one of them lost a key during a resize;</li>
 * <li>"volatile" keys are written with their deadline inside the value, set in the same lock
 *     hold as the value, some already past: a read must never answer a value whose deadline
 *     had passed when the read began;</li>
 * <li>"churn" keys are added by hundreds and deleted again, so the segment's table grows and
 *     shrinks (relinking the chains readers walk) all the time; active expiry runs too.</li>
 * </ul>
 * Any value must belong to the key read; no read may throw. The clock runs 100 times faster than
 * real time (units of 10 µs), so deadlines pass while readers read and the LRU clock moves (the
 * reads that must update the access time go to the lock).
 */
class OptimisticReadStressTest {
    private static final long RUN_MILLIS = 3000;
    private static final int PERMANENT = 64;
    private static final int VOLATILE = 64;
    private static final int CHURN = 600;
    private static final byte POISON = 'P';
    private static final byte VALID = 'V';

    /** Time in units of 10 µs since the test's start, plus an epoch offset. */
    private static final class FastClock implements Clock {
        private final long base = System.nanoTime();

        @Override
        public long millis() {
            return 1_700_000_000_000L + (System.nanoTime() - base) / 10_000;
        }

        @Override
        public long nanos() {
            return System.nanoTime();
        }
    }

    private final FastClock clock = new FastClock();
    private Engine engine;

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Keys of the form {@code prefix:i} whose segment is {@code target}. */
    private static List<byte[]> keysIn(Database db, Segment target, String prefix, int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            byte[] k = (prefix + ":" + i).getBytes(StandardCharsets.US_ASCII);
            if (db.segmentFor(k) == target) {
                out.add(k);
            }
        }
        return out;
    }

    /** A value: its kind, the deadline it was written with, then the key's bytes. */
    private static byte[] value(byte kind, byte[] key, long expireAt) {
        return ByteBuffer.allocate(9 + key.length).put(kind).putLong(expireAt).put(key).array();
    }

    @Test
    void readsSeeWholeCommandsLiveKeysAndTheirOwnValuesWhileTablesResize() throws Exception {
        engine = Engine.builder().clock(clock).build(); // active expiry on
        Database db = engine.db(0);
        Segment seg = db.segmentFor("anchor".getBytes(StandardCharsets.US_ASCII));
        List<byte[]> permanent = keysIn(db, seg, "p", PERMANENT);
        List<byte[]> volatileKeys = keysIn(db, seg, "v", VOLATILE);
        List<byte[]> churn = keysIn(db, seg, "c", CHURN);
        seg.lock();
        try {
            for (byte[] k : permanent) {
                db.set(k, value(VALID, k, Entry.NO_EXPIRY), false);
            }
        } finally {
            seg.unlock();
        }

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        LongAdder optimisticHits = new LongAdder();
        LongAdder lockedReads = new LongAdder();
        AtomicLong resizes = new AtomicLong();
        List<Thread> threads = new ArrayList<>();

        // overwrites permanent keys: poison, then the real value, in one lock hold
        threads.add(new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                byte[] k = permanent.get(rnd.nextInt(PERMANENT));
                seg.lock();
                try {
                    Entry e = db.set(k, value(POISON, k, Entry.NO_EXPIRY), false);
                    db.setValue(e, value(VALID, k, Entry.NO_EXPIRY));
                } finally {
                    seg.unlock();
                }
            }
        }, "permanent-writer"));
        // writes volatile keys: value then deadline in one hold, some deadlines already past
        threads.add(new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                byte[] k = volatileKeys.get(rnd.nextInt(VOLATILE));
                long at = clock.millis() + rnd.nextLong(-5, 50);
                seg.lock();
                try {
                    Entry e = db.set(k, value(VALID, k, at), false);
                    db.setExpire(e, at);
                } finally {
                    seg.unlock();
                }
            }
        }, "volatile-writer"));
        // adds and deletes hundreds of keys: the table grows and shrinks
        threads.add(new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                int n = rnd.nextInt(CHURN / 2, CHURN);
                for (int i = 0; i < n; i++) {
                    byte[] k = churn.get(i);
                    seg.lock();
                    try {
                        if (db.peek(k) == null) {
                            db.add(k, value(VALID, k, Entry.NO_EXPIRY), Entry.NO_EXPIRY);
                        }
                    } finally {
                        seg.unlock();
                    }
                }
                for (int i = 0; i < n; i++) {
                    seg.lock();
                    try {
                        db.delete(churn.get(i));
                    } finally {
                        seg.unlock();
                    }
                }
                resizes.incrementAndGet();
            }
        }, "churn-writer"));

        List<byte[]> all = new ArrayList<>(permanent);
        all.addAll(volatileKeys);
        all.addAll(churn.subList(0, CHURN / 4));
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    byte[] k = all.get(rnd.nextInt(all.size()));
                    long start = clock.millis();
                    Object v;
                    try {
                        v = rnd.nextBoolean() ? db.readValue(k, db.hash(k)) : slowRead(db, k, rnd);
                    } catch (RuntimeException e) {
                        failures.add("read threw " + e);
                        continue;
                    }
                    if (v == Database.LOCKED_READ) {
                        lockedReads.increment();
                        continue;
                    }
                    optimisticHits.increment();
                    String problem = check(k, v, start, permanent);
                    if (problem != null) {
                        failures.add(problem);
                    }
                }
            }, "reader-" + r));
        }
        race(threads, stop, failures);
        // the test means something only if both paths ran, with the table resizing meanwhile
        assertTrue(optimisticHits.sum() > 1000, "optimistic reads " + optimisticHits.sum());
        assertTrue(lockedReads.sum() > 0, "reads sent to the lock " + lockedReads.sum());
        assertTrue(resizes.get() > 3, "churn rounds " + resizes.get());
    }

    /**
     * {@link Database#readValue}'s steps with a pause between finding the entry and reading it:
     * a window wide enough for writers to change the segment under the read at every run, which
     * only the validation can catch (readValue's own window is a few nanoseconds).
     */
    private static Object slowRead(Database db, byte[] key, ThreadLocalRandom rnd) {
        long h = db.hash(key);
        Segment s = db.segment(h);
        int stamp = s.stamp();
        if ((stamp & 1) != 0) {
            return Database.LOCKED_READ;
        }
        Entry e = s.findUnlocked(key, Database.entryHash(h));
        for (int i = rnd.nextInt(200); i > 0; i--) {
            Thread.onSpinWait();
        }
        Object v = e == null ? null : e.value;
        long at = e == null ? Entry.NO_EXPIRY : e.expireAt;
        if (!s.validate(stamp) || e == Segment.UNSURE) {
            return Database.LOCKED_READ;
        }
        if (at != Entry.NO_EXPIRY && at <= db.engine().clock().millis()) {
            return Database.LOCKED_READ;
        }
        return v;
    }

    /** What is wrong with {@code v} read for {@code key} by a read begun at {@code start}, or null. */
    private static String check(byte[] key, Object v, long start, List<byte[]> permanent) {
        String k = new String(key, StandardCharsets.US_ASCII);
        if (v == null) {
            for (byte[] p : permanent) {
                if (p == key) {
                    return "permanent key " + k + " read as absent";
                }
            }
            return null;
        }
        if (!(v instanceof byte[] b) || b.length != 9 + key.length) {
            return "unexpected value for " + k + ": " + v;
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        byte kind = buf.get();
        long at = buf.getLong();
        if (kind == POISON) {
            return "half a command seen for " + k;
        }
        if (kind != VALID || !Arrays.equals(Arrays.copyOfRange(b, 9, b.length), key)) {
            return "another key's value for " + k;
        }
        if (at != Entry.NO_EXPIRY && at <= start) {
            return "expired value for " + k + ": deadline " + at + ", read began at " + start;
        }
        return null;
    }

    @Test
    void aStampIsInvalidOnceAChangeBeganAndStaysSoAfterIt() {
        engine = Engine.builder().clock(new ManualClock()).activeExpiry(false).build();
        Database db = engine.db(0);
        byte[] k = "k".getBytes(StandardCharsets.US_ASCII);
        Segment s = db.segmentFor(k);
        int stamp = s.stamp();
        assertTrue(s.validate(stamp), "nothing changed");
        s.lock();
        try {
            db.peek(k); // a read under the lock changes nothing
            assertTrue(s.validate(stamp), "a locked read is no change");
            db.set(k, new byte[] {1}, false);
            assertTrue(!s.validate(stamp), "a change in progress");
            assertTrue((s.stamp() & 1) != 0, "odd while the holder changes the segment");
            s.lock(); // re-entrantly: the inner unlock does not end the change
            s.unlock();
            assertTrue((s.stamp() & 1) != 0, "still odd until the last unlock");
        } finally {
            s.unlock();
        }
        assertTrue(!s.validate(stamp), "a change was made since the stamp");
        int after = s.stamp();
        assertEquals(0, after & 1);
        assertTrue(s.validate(after));
    }

    @Test
    void theStoresUnlockedMissStillFiresKeymissWhenSomeoneListens() {
        engine = Engine.builder().clock(new ManualClock()).activeExpiry(false).build();
        EngineStore store = new EngineStore(engine, 0);
        byte[] absent = "absent".getBytes(StandardCharsets.US_ASCII);
        assertNull(store.get(absent)); // nobody hears keymiss: answered without the lock
        assertEquals(1, engine.stats().keyspaceMisses.sum());

        List<String> heard = new ArrayList<>();
        Subscriber s = new Subscriber() {
            @Override
            public void message(byte[] channel, byte[] message) {
                heard.add(new String(channel, StandardCharsets.US_ASCII) + " " + new String(message, StandardCharsets.US_ASCII));
            }

            @Override
            public void patternMessage(byte[] pattern, byte[] channel, byte[] message) {
            }

            @Override
            public void shardMessage(byte[] channel, byte[] message) {
            }
        };
        engine.pubsub().subscribe("__keyevent@0__:keymiss".getBytes(StandardCharsets.US_ASCII), s);
        assertNull(store.get(absent));
        assertEquals(List.of(), heard, "keymiss not enabled in notify-keyspace-events");
        engine.notifyFlags(NotifyFlags.KEYEVENT | NotifyFlags.KEY_MISS);
        assertNull(store.get(absent));
        assertEquals(List.of("__keyevent@0__:keymiss absent"), heard);
        assertEquals(3, engine.stats().keyspaceMisses.sum());

        store.set(absent, new byte[] {7}, io.quicksilver.core.store.Store.PERSIST);
        assertEquals(7, ((byte[]) store.get(absent))[0]);
        assertEquals(1, engine.stats().keyspaceHits.sum());
    }

    @Test
    void answersTheLockedReadWhenTheReadHasToChangeSomething() {
        ManualClock manual = new ManualClock();
        engine = Engine.builder().clock(manual).activeExpiry(false).build();
        Database db = engine.db(0);
        byte[] k = "k".getBytes(StandardCharsets.US_ASCII);
        long h = db.hash(k);
        Segment s = db.segment(h);
        byte[] v = {1, 2, 3};
        assertNull(db.readValue(k, h), "an absent key");
        s.lock();
        try {
            db.set(k, v, false);
            // the holder is changing the segment: readers go to the lock until it is released
            assertSame(Database.LOCKED_READ, db.readValue(k, h));
        } finally {
            s.unlock();
        }
        assertSame(v, db.readValue(k, h));

        manual.advance(1000); // the LRU clock moved: the access time must be written
        assertSame(Database.LOCKED_READ, db.readValue(k, h));
        s.lock();
        try {
            db.lookup(k, h);
        } finally {
            s.unlock();
        }
        assertSame(v, db.readValue(k, h));

        s.lock();
        try {
            db.setExpire(db.peek(k, h), manual.millis() + 10);
        } finally {
            s.unlock();
        }
        assertSame(v, db.readValue(k, h));
        manual.advance(10); // due: lazy expiry needs the lock
        assertSame(Database.LOCKED_READ, db.readValue(k, h));
        assertEquals(1, db.size(), "the optimistic read removed nothing");

        s.lock();
        try {
            db.set(k, new MutableString(new byte[] {4}, 0), false);
        } finally {
            s.unlock();
        }
        assertSame(Database.LOCKED_READ, db.readValue(k, h), "a value changed in place");

        Object o = new Object();
        s.lock();
        try {
            db.set(k, new ObjectRef(o), false);
        } finally {
            s.unlock();
        }
        Object read = db.readValue(k, h);
        assertNotEquals(Database.LOCKED_READ, read);
        assertSame(o, read, "the object held, read in the validated window");
    }

    /** A by-reference value: which pair it belongs to and the write that stored it. */
    private record Gen(int index, long generation) {
    }

    private static final Object POISON_OBJECT = new Object();

    /**
     * By-reference keys overwritten in place ({@link Database#overwriteObject} replaces the object
     * in the key's holder): three keys per index, two in one segment and one in another, written
     * together in one hold of both locks, each first with a poison object, then with the same
     * generation. {@link Database#readValues} of the three must see one generation, never the
     * poison, never an absence; {@link Database#readValue} and {@link Database#readPresence}
     * of one never the poison or an absence; while a churn writer resizes the first segment.
     */
    @Test
    void heldObjectsReplacedInPlaceAndMultiKeyReadsAreAtomic() throws Exception {
        engine = Engine.builder().clock(clock).build();
        Database db = engine.db(0);
        Segment seg = db.segmentFor("anchor".getBytes(StandardCharsets.US_ASCII));
        Segment other = null;
        for (int i = 0; other == null || other == seg; i++) {
            other = db.segmentFor(("other" + i).getBytes(StandardCharsets.US_ASCII));
        }
        Segment first = seg.ordinal < other.ordinal ? seg : other;
        Segment second = first == seg ? other : seg;
        int n = 32;
        List<byte[]> a = keysIn(db, seg, "a", n);
        List<byte[]> b = keysIn(db, seg, "b", n);
        List<byte[]> c = keysIn(db, other, "c", n);
        List<byte[]> churn = keysIn(db, seg, "x", CHURN);
        first.lock();
        second.lock();
        try {
            for (int i = 0; i < n; i++) {
                for (byte[] k : List.of(a.get(i), b.get(i), c.get(i))) {
                    db.set(k, new ObjectRef(new Gen(i, 0)), false);
                }
            }
        } finally {
            second.unlock();
            first.unlock();
        }
        long bytesBefore = db.usedBytes();

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        LongAdder atomicReads = new LongAdder();
        LongAdder singleReads = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        Segment lo = first;
        Segment hi = second;
        threads.add(new Thread(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (long g = 1; !stop.get(); g++) {
                int i = rnd.nextInt(n);
                lo.lock();
                hi.lock();
                try {
                    for (byte[] k : List.of(a.get(i), b.get(i), c.get(i))) {
                        long h = db.hash(k);
                        Entry e = db.peek(k, h);
                        db.overwriteObject(e, h, POISON_OBJECT, false);
                        db.overwriteObject(e, h, new Gen(i, g), false);
                    }
                } finally {
                    hi.unlock();
                    lo.unlock();
                }
            }
        }, "object-writer"));
        threads.add(new Thread(() -> {
            while (!stop.get()) {
                for (byte[] k : churn) {
                    seg.lock();
                    try {
                        if (db.peek(k) == null) {
                            db.add(k, new ObjectRef(k), Entry.NO_EXPIRY);
                        }
                    } finally {
                        seg.unlock();
                    }
                }
                for (byte[] k : churn) {
                    seg.lock();
                    try {
                        db.delete(k);
                    } finally {
                        seg.unlock();
                    }
                }
            }
        }, "churn-writer"));
        for (int r = 0; r < 2; r++) {
            threads.add(new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int i = rnd.nextInt(n);
                    byte[][] keys = {a.get(i), b.get(i), c.get(i)};
                    long[] hashes = {db.hash(keys[0]), db.hash(keys[1]), db.hash(keys[2])};
                    try {
                        Object[] out = new Object[3];
                        if (db.readValues(keys, hashes, out)) {
                            atomicReads.increment();
                            if (!(out[0] instanceof Gen g0) || g0.index() != i || !g0.equals(out[1])
                                    || !g0.equals(out[2])) {
                                failures.add("not one write's values for " + i + ": " + Arrays.toString(out));
                            }
                        }
                        Object v = db.readValue(keys[2], hashes[2]);
                        if (v != Database.LOCKED_READ) {
                            singleReads.increment();
                            if (!(v instanceof Gen g) || g.index() != i) {
                                failures.add("bad single read for " + i + ": " + v);
                            }
                        }
                        if (db.readPresence(keys[0], hashes[0]) == 0) {
                            failures.add("a present key read as absent: " + i);
                        }
                    } catch (RuntimeException e) {
                        failures.add("read threw " + e);
                    }
                }
            }, "reader-" + r));
        }
        race(threads, stop, failures);
        assertTrue(atomicReads.sum() > 1000, "validated multi-key reads " + atomicReads.sum());
        assertTrue(singleReads.sum() > 1000, "validated single reads " + singleReads.sum());
        seg.lock();
        try {
            for (byte[] k : churn) {
                db.delete(k);
            }
        } finally {
            seg.unlock();
        }
        // Gen objects all have the same estimate: the in-place replacements left the count as it was
        assertEquals(bytesBefore, db.usedBytes(), "memory estimate after in-place replacements");
    }

    @Test
    void anOverwriteKeepsTheKeysHolderAndCopyGetsItsOwn() {
        engine = Engine.builder().clock(new ManualClock()).activeExpiry(false).build();
        Database db = engine.db(0);
        byte[] k = "k".getBytes(StandardCharsets.US_ASCII);
        long h = db.hash(k);
        Segment s = db.segment(h);
        ObjectRef holder;
        long used;
        s.lock();
        try {
            holder = (ObjectRef) db.set(k, new ObjectRef("a"), false).value();
            used = db.usedBytes();
        } finally {
            s.unlock();
        }
        int stamp = s.stamp();
        s.lock();
        try {
            Entry e = db.peek(k, h);
            db.overwriteObject(e, h, "b", false);
            assertTrue(!s.validate(stamp), "the replacement is marked for optimistic readers");
            assertSame(holder, e.value(), "the holder is reused");
            assertEquals("b", holder.value());
            assertEquals(used, db.usedBytes(), "same estimate for a String of the same length");
            db.overwriteObject(e, h, "a much longer string than before", false);
            assertTrue(db.usedBytes() > used, "a longer String counts more");
            db.overwrite(e, h, new byte[] {1}, false);
            db.overwriteObject(e, h, "c", false);
            assertEquals("c", ((ObjectRef) e.value()).value(), "a string key gets a holder");
            ObjectRef copy = (ObjectRef) ((ObjectRef) e.value()).copy();
            assertNotSame(copy, e.value(), "a copy has a holder of its own");
            assertSame("c", copy.value(), "and holds the same object");
        } finally {
            s.unlock();
        }
        assertSame("c", db.readValue(k, h), "an optimistic read answers the object held");
    }

    /**
     * Runs {@code threads} for {@link #RUN_MILLIS} or until the first failure, stops them through
     * {@code stop}, and fails the test with the first bad read if there was one.
     */
    private static void race(List<Thread> threads, AtomicBoolean stop, ConcurrentLinkedQueue<String> failures)
            throws InterruptedException {
        for (Thread t : threads) {
            t.setDaemon(true);
            t.start();
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RUN_MILLIS);
        while (System.nanoTime() < end && failures.isEmpty()) {
            Thread.sleep(20);
        }
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
            assertTrue(!t.isAlive(), t.getName() + " did not stop");
        }
        assertTrue(failures.isEmpty(), failures.size() + " bad reads, first: " + failures.peek());
    }
}
