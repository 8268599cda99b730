package io.quicksilver.core.engine;

import io.quicksilver.core.engine.type.ObjectRef;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One stripe of a database: a chained hash table of {@link Entry} guarded by this lock.
 *
 * <p>Every field is written only with this lock held, and read only with it save by the
 * optimistic reads below (the lock <em>is</em> the segment, so there is one object less per
 * stripe). Tables are powers of two, indexed by the
 * low bits of the entry hash ({@code Database.entryHash}: bits 32-63 of the key's 64-bit hash);
 * the segment itself was chosen by the top 8 bits, so the two are independent. Resizing is done at once under the lock (a segment holds a 256th of a database,
 * so this is short), which keeps Redis's reverse-binary SCAN cursor guarantee simple: a key
 * present for the whole scan is returned at least once, whatever the resizes in between.
 *
 * <p><b>Optimistic reads.</b> One exception to "only with the lock": a plain read of a key may
 * run without the lock ({@link Database#readValue}), validated by a sequence number, as
 * {@code StampedLock}'s optimistic reads are. {@link #seq} is even while nobody changes the
 * segment; the first change of a lock holder ({@link #beginWrite()}, called by every method here
 * that changes the table, an entry's value, the object in an entry's by-reference holder or its
 * expiry) makes it odd, and the holder's last
 * {@link #unlock()} makes it even again (one step further). So it stays odd for the whole of a
 * command's changes to this segment, and a reader that read the same even number before and
 * after its reads ({@link #stamp()}, {@link #validate(int)}) saw no change and no command's
 * intermediate state. A reader that walks a chain while the table is relinked (a resize, a
 * removal) may be led astray or round in a cycle: {@link #findUnlocked} bounds its walk, and
 * validation rejects what it found.
 */
public final class Segment extends ReentrantLock {
    private static final int MIN_CAPACITY = 4;
    /**
     * How many entries an unlocked lookup visits before it gives up (to the locked lookup): chains
     * average under one entry (the table grows at one entry per bucket), so a longer walk means a
     * resize relinked the chain under the reader.
     */
    private static final int MAX_UNLOCKED_STEPS = 64;
    /** What {@link #findUnlocked} answers when it gave up. */
    static final Entry UNSURE = new Entry(new byte[0], 0, null);
    private static final VarHandle SEQ;

    static {
        try {
            SEQ = MethodHandles.lookup().findVarHandle(Segment.class, "seq", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Position in the global lock order: {@code db * SEGMENTS + index}. */
    final int ordinal;
    private Entry[] table;
    private int size;
    private int volatileCount;
    private long usedBytes;
    /** The engine-wide sum of usedBytes (maxmemory): every change of usedBytes is added to it. */
    private final Counter totalBytes;
    /**
     * The change sequence of optimistic reads: odd from a lock holder's first change to its last
     * unlock. Written only by the lock holder (through {@link #SEQ}: opaque, then release),
     * read by anyone.
     */
    private int seq;

    /** Where long strings written by commands are kept: the engine's, shared by its segments. */
    private final Slabs slabs;

    Segment(int ordinal) {
        this(ordinal, new Counter(), new Slabs());
    }

    Segment(int ordinal, Counter totalBytes, Slabs slabs) {
        this.ordinal = ordinal;
        this.totalBytes = totalBytes;
        this.slabs = slabs;
    }

    private void addBytes(long delta) {
        usedBytes += delta;
        totalBytes.add(delta);
    }

    /**
     * Marks the start of a change; the lock is held. The first change of a lock hold makes
     * {@link #seq} odd (before any field changes: the release fence orders the store before the
     * writes that follow); later ones find it odd already.
     */
    private void beginWrite() {
        int s = seq;
        if ((s & 1) == 0) {
            SEQ.setOpaque(this, s + 1);
            VarHandle.releaseFence();
        }
    }

    /**
     * Releases the lock; the last unlock of a hold that changed this segment first makes
     * {@link #seq} even again, with release semantics: a reader that sees the new number sees
     * every change made before it.
     */
    @Override
    public void unlock() {
        int s = seq;
        if ((s & 1) != 0 && getHoldCount() == 1) {
            SEQ.setRelease(this, s + 1);
        }
        super.unlock();
    }

    /**
     * The stamp an optimistic read starts with (acquire): odd while a lock holder is changing this
     * segment, when the read must take the lock instead.
     */
    int stamp() {
        return (int) SEQ.getAcquire(this);
    }

    /**
     * True if nothing changed this segment since {@code stamp} was taken, so the plain reads made
     * since form a consistent view (the acquire fence keeps them before the re-read).
     */
    boolean validate(int stamp) {
        VarHandle.acquireFence();
        return (stamp & 1) == 0 && stamp == (int) SEQ.getOpaque(this);
    }

    /**
     * {@link #find} without the lock, for an optimistic read between {@link #stamp()} and
     * {@link #validate}: never throws and always ends, whatever a concurrent writer does (the
     * table is read once; the walk is bounded), but what it answers means nothing unless
     * validated.
     *
     * @return the entry, null if absent, or {@link #UNSURE} when the walk was cut short
     */
    Entry findUnlocked(byte[] key, int hash) {
        Entry[] t = table;
        if (t == null) {
            return null;
        }
        int steps = 0;
        for (Entry e = t[hash & (t.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
            if (++steps == MAX_UNLOCKED_STEPS) {
                return UNSURE;
            }
        }
        return null;
    }

    /**
     * The first entry of {@code hash}'s bucket, read without the lock: for {@link Prefetch} only,
     * which merely warms the caches with what it reads.
     */
    Entry bucketHead(int hash) {
        Entry[] t = table;
        return t == null ? null : t[hash & (t.length - 1)];
    }

    int size() {
        return size;
    }

    int volatileCount() {
        return volatileCount;
    }

    long usedBytes() {
        return usedBytes;
    }

    Entry find(byte[] key, int hash) {
        Entry[] t = table;
        if (t == null) {
            return null;
        }
        for (Entry e = t[hash & (t.length - 1)]; e != null; e = e.next) {
            if (e.hash == hash && Arrays.equals(e.key, key)) {
                return e;
            }
        }
        return null;
    }

    /** Adds a new entry; the caller has checked that the key is absent. */
    Entry insert(byte[] key, int hash, Object value, long expireAt) {
        beginWrite();
        if (table == null) {
            table = new Entry[MIN_CAPACITY];
        } else if (size >= table.length) {
            resize(table.length << 1);
        }
        Entry e = new Entry(key, hash, value);
        e.expireAt = expireAt;
        long bytes = Memory.value(value);
        e.valueBytes = fit(bytes);
        int i = hash & (table.length - 1);
        e.next = table[i];
        table[i] = e;
        size++;
        if (expireAt != Entry.NO_EXPIRY) {
            volatileCount++;
        }
        addBytes(Memory.entry(key) + bytes);
        return e;
    }

    /** Removes an entry and releases its value ({@link Slabs#release}). */
    boolean remove(Entry target) {
        return remove(target, true);
    }

    /**
     * Removes an entry; its value is released ({@link Slabs#release}) unless
     * {@code !release}: a value that lives on elsewhere (RENAME, MOVE) or that listeners are
     * still to be handed ({@link Slabs#release(Object)} after them).
     */
    boolean remove(Entry target, boolean release) {
        Entry[] t = table;
        if (t == null) {
            return false;
        }
        int i = target.hash & (t.length - 1);
        Entry prev = null;
        for (Entry e = t[i]; e != null; prev = e, e = e.next) {
            if (e == target) {
                beginWrite();
                if (prev == null) {
                    t[i] = e.next;
                } else {
                    prev.next = e.next;
                }
                e.next = null;
                size--;
                if (e.expireAt != Entry.NO_EXPIRY) {
                    volatileCount--;
                }
                long vb = valueBytes(e);
                addBytes(-(Memory.entry(e.key) + vb));
                if (release && Slabs.mayOwnChunk(vb)) {
                    Slabs.release(e.value);
                }
                if (size == 0) {
                    table = null;
                } else if (t.length > MIN_CAPACITY && size < t.length / 8) {
                    resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(size) << 1));
                }
                return true;
            }
        }
        return false;
    }

    /** Replaces an entry's value; the old one is released ({@link Slabs#release}). */
    void setValue(Entry e, Object value) {
        beginWrite();
        long bytes = Memory.value(value);
        long old = valueBytes(e);
        if (Slabs.mayOwnChunk(old) && e.value != value) {
            Slabs.release(e.value);
        }
        long delta = bytes - old; // a short old value is not read: its size was kept
        if (delta != 0) { // a value of the same size (a cache's usual overwrite): no shared counter written
            addBytes(delta);
        }
        e.valueBytes = fit(bytes);
        e.value = value;
    }

    /**
     * Sets a live entry's value to the string {@code value}, written by a command (SET, MSET,
     * GETSET...) over the key's previous value. A long string (at least {@value #OWN_BUFFER_MIN}
     * bytes) is kept as a {@link MutableString}, the entry's own buffer: up to
     * {@value Slabs#MAX} bytes a chunk of {@link Slabs} outside the heap, else {@code value}
     * itself when {@code adopt} (the caller gives the array up, see {@link Database#setString})
     * or a copy of it. The next such write reuses the holder ({@link MutableString#overwrite}):
     * the same chunk for a value of the same size class, a chunk of the new class otherwise (the
     * old one freed at once), the same heap buffer when the value fits it. A key rewritten again
     * and again thus hands G1 no new value to copy out of the young generation, no dirty card to
     * scan and no old value to collect (SET 1 KiB at pipeline 16 spent most of its pauses on
     * these), and a value outside the heap does not grow it. A shorter string is stored as
     * given: for it the holder's indirection costs more than the copying it saves (SET 64 B at
     * P16 took 18 % more CPU with it).
     */
    void setString(Entry e, byte[] value, boolean adopt) {
        if (value.length >= OWN_BUFFER_MIN) {
            // what the entry counts for tells, without reading the old value, whether it can be a
            // long string's holder: a key that held a short value is not read at all
            long old = valueBytes(e);
            if (MutableString.mayBeLong(old) && e.value instanceof MutableString m) {
                beginWrite();
                if (m.overwrite(value)) {
                    long bytes = m.memoryUsage(); // the same holder, maybe a chunk of another size
                    if (bytes != old) {
                        addBytes(bytes - old);
                        e.valueBytes = fit(bytes);
                    }
                    return;
                }
            }
            setValue(e, newString(value, adopt));
        } else {
            setValue(e, value);
        }
    }

    /**
     * From this length on, a string written by a command gets a buffer of its own
     * ({@link #setString}, {@link Database#addString}); the holder's 24 bytes are then under 5 %
     * of the value. Over Redis's 44-byte "embstr" limit, so such a string is "raw" either way,
     * and over the 128 bytes up to which the slow log keeps an argument itself rather than a
     * truncated copy, so a logged command never shows a later rewrite.
     */
    static final int OWN_BUFFER_MIN = 512;

    /** What a new key's string is stored as: see {@link #OWN_BUFFER_MIN} and {@link #setString}. */
    Object newString(byte[] value, boolean adopt) {
        if (value.length < OWN_BUFFER_MIN) {
            return value;
        }
        return MutableString.of(slabs, value, adopt);
    }

    /**
     * Replaces the object in a live entry's by-reference holder ({@link ObjectRef#replace}): the
     * holder is reused, so the entry's value is not written and nothing is allocated.
     */
    void replaceObject(Entry e, ObjectRef holder, Object object) {
        beginWrite();
        long delta = holder.replace(object);
        if (delta != 0) {
            addBytes(delta);
            e.valueBytes = fit(Memory.value(holder));
        }
    }

    /** Re-reads the size of a value changed in place; what it counted for before was kept. */
    void resized(Entry e) {
        long bytes = Memory.value(e.value);
        long delta = bytes - valueBytes(e);
        if (delta != 0) {
            addBytes(delta);
            e.valueBytes = fit(bytes);
        }
    }

    /** What entry {@code e}'s value counts for in {@link #usedBytes}. */
    static long valueBytes(Entry e) {
        int b = e.valueBytes;
        return b != Entry.UNKNOWN_BYTES ? b : Memory.value(e.value);
    }

    private static int fit(long bytes) {
        return bytes <= Integer.MAX_VALUE ? (int) bytes : Entry.UNKNOWN_BYTES;
    }

    void setExpire(Entry e, long expireAt) {
        beginWrite();
        if (e.expireAt == Entry.NO_EXPIRY && expireAt != Entry.NO_EXPIRY) {
            volatileCount++;
        } else if (e.expireAt != Entry.NO_EXPIRY && expireAt == Entry.NO_EXPIRY) {
            volatileCount--;
        }
        e.expireAt = expireAt;
    }

    /** Removes every entry and releases their values. */
    void clear() {
        beginWrite();
        forEach(e -> {
            if (Slabs.mayOwnChunk(valueBytes(e))) {
                Slabs.release(e.value);
            }
        });
        table = null;
        size = 0;
        volatileCount = 0;
        totalBytes.add(-usedBytes);
        usedBytes = 0;
    }

    /** Exchanges contents with another segment (SWAPDB); both locks are held. */
    void swapContents(Segment other) {
        beginWrite();
        other.beginWrite();
        Entry[] t = table;
        table = other.table;
        other.table = t;
        int s = size;
        size = other.size;
        other.size = s;
        int v = volatileCount;
        volatileCount = other.volatileCount;
        other.volatileCount = v;
        long u = usedBytes;
        usedBytes = other.usedBytes;
        other.usedBytes = u;
    }

    private void resize(int capacity) {
        Entry[] old = table;
        Entry[] t = new Entry[capacity];
        int mask = capacity - 1;
        for (Entry head : old) {
            Entry e = head;
            while (e != null) {
                Entry next = e.next;
                int i = e.hash & mask;
                e.next = t[i];
                t[i] = e;
                e = next;
            }
        }
        table = t;
    }

    /**
     * Visits the bucket at reverse-binary cursor {@code v} and returns the next cursor, 0 when
     * the table has been covered (Redis's dictScan for one table).
     *
     * @param v        the bucket cursor within this segment, 0 to start
     * @param consumer receives every entry of the visited bucket (expired ones too: the caller
     *                 filters them)
     */
    long scanBucket(long v, Consumer<Entry> consumer) {
        Entry[] t = table;
        if (t == null) {
            return 0;
        }
        long mask = t.length - 1;
        for (Entry e = t[(int) (v & mask)]; e != null; e = e.next) {
            consumer.accept(e);
        }
        v |= ~mask;
        v = Long.reverse(v);
        v++;
        v = Long.reverse(v);
        return v;
    }

    /** Visits every entry; the consumer must not add or remove entries. */
    void forEach(Consumer<Entry> consumer) {
        Entry[] t = table;
        if (t == null) {
            return;
        }
        for (Entry head : t) {
            for (Entry e = head; e != null; e = e.next) {
                consumer.accept(e);
            }
        }
    }

    /**
     * Visits every entry once and unlinks those {@code test} accepts. The matches are collected
     * first: a removal may shrink the table, which relinks the chains being walked.
     */
    int removeIf(java.util.function.Predicate<Entry> test) {
        Entry[] t = table;
        if (t == null) {
            return 0;
        }
        java.util.List<Entry> doomed = new java.util.ArrayList<>();
        for (Entry head : t) {
            for (Entry e = head; e != null; e = e.next) {
                if (test.test(e)) {
                    doomed.add(e);
                }
            }
        }
        for (Entry e : doomed) {
            remove(e);
        }
        return doomed.size();
    }

    /**
     * Eviction sampling (Redis's dictGetSomeKeys): visits entries bucket after bucket from a
     * random bucket on, wrapping around, until {@code max} were visited or the table was covered.
     *
     * @param rnd          the random source
     * @param volatileOnly visit only entries with a TTL
     * @param max          how many entries to visit at most
     * @param consumer     receives each visited entry (expired ones too), under this lock
     * @return how many entries were visited
     */
    int sample(ThreadLocalRandom rnd, boolean volatileOnly, int max, Consumer<Entry> consumer) {
        Entry[] t = table;
        if (t == null || max <= 0) {
            return 0;
        }
        int mask = t.length - 1;
        int start = rnd.nextInt(t.length);
        int n = 0;
        for (int i = 0; i <= mask && n < max; i++) {
            for (Entry e = t[(start + i) & mask]; e != null && n < max; e = e.next) {
                if (!volatileOnly || e.expireAt != Entry.NO_EXPIRY) {
                    consumer.accept(e);
                    n++;
                }
            }
        }
        return n;
    }

    /** A random entry (expired ones included), or null when empty. */
    Entry random(ThreadLocalRandom rnd) {
        Entry[] t = table;
        if (t == null || size == 0) {
            return null;
        }
        Entry head;
        do {
            head = t[rnd.nextInt(t.length)];
        } while (head == null);
        int len = 0;
        for (Entry e = head; e != null; e = e.next) {
            len++;
        }
        Entry e = head;
        for (int i = rnd.nextInt(len); i > 0; i--) {
            e = e.next;
        }
        return e;
    }
}
