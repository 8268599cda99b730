package io.quicksilver.core.engine;

import java.util.Arrays;

/**
 * Brings the memory a batch of pipelined commands will touch into the CPU's caches before the
 * batch runs, as Valkey 8 does for the keys of a batch (its "memory prefetching").
 *
 * <p>Over a keyspace much larger than the caches, a command's key lookup is mostly waiting: for
 * the bucket, the entry, the key and the value, each a cache (and often a TLB) miss that depends on
 * the one before. One command cannot wait for them any faster, but the lookups of different
 * commands do not depend on each other: walking all the keys of a batch stage by stage (every
 * bucket, then every entry and key, then every value) lets the CPU have the misses of many keys
 * in flight at once, after which the commands themselves find what they need in the caches.
 *
 * <p>Nothing here takes a lock or changes anything: the walk reads the tables racily, as
 * {@link Segment#findUnlocked} does, and what it finds is thrown away (only the caches keep it). A
 * concurrent change can only make a prefetch useless, never wrong.
 *
 * <p>One instance per connection (or per thread): it is not thread-safe. Cheap to keep: its
 * arrays are reused from batch to batch.
 */
public final class Prefetch {
    /** Keys per batch at most: beyond this many outstanding misses the CPU gains nothing more. */
    public static final int MAX_KEYS = 32;
    /** Chain entries visited per key at most (chains average under one). */
    private static final int MAX_STEPS = 4;

    private final Database[] dbs = new Database[MAX_KEYS];
    private final byte[][] keys = new byte[MAX_KEYS][];
    private final int[] hashes = new int[MAX_KEYS];
    private final Object[] found = new Object[MAX_KEYS];
    private int count;
    /** Members or fields looked for inside a key's collection, and the index of that key. */
    private final byte[][] members = new byte[MAX_KEYS][];
    private final int[] memberKey = new int[MAX_KEYS];
    private int memberCount;
    /** Folds in what the walk read, so the JIT cannot drop the reads as unused. */
    private int sink;
    /** {@link TypedValue#touch} calls that threw (a bug: they must not); tests check it stays 0. */
    private long touchFailures;

    /**
     * Adds a key that a command of the batch will look up in {@code db}. The same key as the one
     * added last is not added again: a pipeline on one hot key (LPUSH, HSET... on one collection)
     * finds it in the caches anyway, and costs no walk.
     *
     * @return false when the batch is full (the key is not added)
     */
    public boolean add(Database db, byte[] key) {
        int n = count;
        if (n > 0 && dbs[n - 1] == db && Arrays.equals(keys[n - 1], key)) {
            return true;
        }
        if (n == MAX_KEYS) {
            return false;
        }
        dbs[n] = db;
        keys[n] = key;
        count = n + 1;
        return true;
    }

    /**
     * Adds a member (or field) that the command of the key added last will look for inside that
     * key's collection (SADD, HSET, ZADD...): a pipeline on one hot collection then has its member
     * lookups prefetched, each through {@link TypedValue#touch}.
     */
    public void addMember(byte[] member) {
        int m = memberCount;
        if (count > 0 && m < MAX_KEYS) {
            members[m] = member;
            memberKey[m] = count - 1;
            memberCount = m + 1;
        }
    }

    /** True when no more keys or members can be added before the next {@link #run()}. */
    public boolean isFull() {
        return count == MAX_KEYS || memberCount == MAX_KEYS;
    }

    /** Keys added since the last {@link #run()}. */
    public int size() {
        return count;
    }

    /** Members added since the last {@link #run()}. */
    public int members() {
        return memberCount;
    }

    /**
     * Walks the added keys, stage by stage, then the members inside their values, and forgets
     * them. Does nothing for fewer than two keys and two members: a single command gains nothing
     * from having its misses taken ahead.
     */
    public void run() {
        int n = count;
        int m = memberCount;
        if (n < 2 && m < 2) {
            clear(n);
            return;
        }
        // stage 1: every key's bucket (after hashing it: the hash is plain arithmetic)
        for (int i = 0; i < n; i++) {
            long h = dbs[i].hash(keys[i]);
            int eh = Database.entryHash(h);
            hashes[i] = eh;
            found[i] = dbs[i].segmentOf(h).bucketHead(eh);
        }
        // stage 2: every bucket's entries and keys, to the key's entry; then its value
        int s = 0;
        for (int i = 0; i < n; i++) {
            Entry e = (Entry) found[i];
            int eh = hashes[i];
            for (int steps = 0; e != null && steps < MAX_STEPS; steps++, e = e.next) {
                if (e.hash == eh && Arrays.equals(e.key, keys[i])) {
                    break;
                }
            }
            found[i] = e == null ? null : e.value;
        }
        // stage 3: every value's first bytes (its header: the type check and the length)
        for (int i = 0; i < n; i++) {
            Object v = found[i];
            if (v instanceof byte[] b) {
                s += b.length;
            } else if (v != null) {
                s += v.getClass().hashCode();
            }
        }
        // stage 4: every member's slot inside its key's collection
        for (int j = 0; j < m; j++) {
            if (found[memberKey[j]] instanceof TypedValue t) {
                try {
                    s += t.touch(members[j]);
                } catch (RuntimeException e) {
                    // touch() must not throw; if one ever did, a prefetch is not worth a connection
                    touchFailures++;
                }
            }
        }
        sink += s;
        clear(n);
    }

    private void clear(int n) {
        Arrays.fill(dbs, 0, n, null);
        Arrays.fill(keys, 0, n, null);
        Arrays.fill(found, 0, n, null);
        Arrays.fill(members, 0, memberCount, null);
        count = 0;
        memberCount = 0;
    }

    /** How many member walks threw since this batch holder was made (0 unless a touch() is wrong). */
    public long touchFailures() {
        return touchFailures;
    }

    @Override
    public String toString() {
        return "Prefetch[" + count + " keys, " + sink + "]";
    }
}
