/**
 * The engine: databases, keys, values, expiry, WATCH, keyspace events.
 *
 * <h2>Concurrency model</h2>
 * The engine is called from many threads at once: the server's event loops (thousands of RESP
 * connections) and application threads calling the JCache provider or the session store
 * in-process, with no hand-off to another thread. It is built so that:
 * <ol>
 * <li><b>Striped locks.</b> Each database is split into {@value io.quicksilver.core.engine.Engine#SEGMENTS}
 *     {@link io.quicksilver.core.engine.Segment}s, chosen by the high bits of a key's seeded hash.
 *     A segment is a {@code ReentrantLock} and the hash table of its keys. Every write of a key
 *     happens with its segment locked, and every read but the optimistic one below;
 *     {@code Database} asserts it.</li>
 * <li><b>Optimistic reads.</b> The embedded store's plain reads (GET: {@code Database.readValue};
 *     MGET: {@code readValues}, every stamp taken before any key is read and all validated
 *     after; EXISTS: {@code readPresence}) first read without the lock, as {@code StampedLock}'s
 *     optimistic reads do: each segment keeps a change sequence that the first change of a lock
 *     holder makes odd and the holder's last unlock makes even again (so it covers all of a
 *     command's changes to the segment, never one step of them; hence every change of a table,
 *     an entry's value, the object in its by-reference holder or its expiry goes through
 *     {@code Segment}'s methods, which mark it, never through the fields directly); the reader
 *     takes it before (acquire) and validates it after its plain reads (acquire fence), and uses
 *     what it read
 *     only if it was the same even number. Its walk of a bucket chain is bounded and reads the
 *     table once, so a resize relinking the chains under it can neither throw nor loop. It
 *     answers only what needs no write: a live immutable {@code byte[]} or a by-reference object
 *     whose access time is current (LRU; EXISTS answers any type and reads no access time, as it
 *     touches none), or an absence when nobody hears "keymiss". Anything
 *     else (a change in progress or made meanwhile, a key whose time has passed, an access time
 *     to update, an LFU policy, a value changed in place) is read again under the lock, where lazy
 *     expiry, the access bookkeeping and the events happen. So an optimistic read never returns
 *     an expired key nor half a command, and changes nothing. Tested by
 *     {@code OptimisticReadStressTest}.</li>
 * <li><b>Every command is atomic.</b> The dispatcher takes the locks of all keys a command names
 *     (from the command table's key specs) before it runs, and releases them after.</li>
 * <li><b>One global lock order.</b> Several segments are always locked in ascending ordinal
 *     ({@code db * SEGMENTS + index}), through {@link io.quicksilver.core.engine.Locks}; so no
 *     two commands can deadlock. Nobody locks a segment while holding a higher one, except
 *     re-entrantly.</li>
 * <li><b>The exclusive path</b> for the rare whole-keyspace operations (FLUSHALL, SWAPDB, MOVE,
 *     KEYS, DBSIZE on one database) locks every segment of the database(s) in order: no other
 *     command overlaps it, and there is no shared read lock on the hot path for ordinary
 *     commands to contend on.</li>
 * <li><b>MULTI/EXEC isolation.</b> EXEC locks the union of the keys of all queued commands and of
 *     the watched keys, in order, checks WATCH, then runs the queue: no other command sees half
 *     a transaction, and no change slips between the WATCH check and the first command.</li>
 * <li><b>WATCH</b> marks watching clients dirty from the changing thread, under the key's lock
 *     ({@link io.quicksilver.core.engine.WatchRegistry}).</li>
 * <li><b>Expiry</b> is lazy (a lookup of a key whose time has passed removes it and reports it
 *     absent) and active ({@code ActiveExpiry}: a scheduler thread sweeps segments holding
 *     volatile keys, one segment lock at a time, within a time budget). An expired key is
 *     never returned.</li>
 * <li><b>Events</b> ({@link io.quicksilver.core.engine.event.KeyspaceListener}) fire on the
 *     changing thread under the key's lock, so they are ordered per key; listeners hand off.
 *     A key removed by expiry (lazy, active) or eviction is also reported with the value it
 *     held ({@code KeyspaceListener.onExpired}), under the same lock.</li>
 * <li><b>Values</b> are only reachable through their entry, so they need no synchronisation of
 *     their own: a string is an immutable {@code byte[]} or a {@link io.quicksilver.core.engine.MutableString},
 *     which is changed in place (APPEND, SETRANGE, and a SET of a long value over it, which
 *     rewrites the key's own buffer instead of handing the collector a new value: {@code
 *     Segment.setString}) and so is only read under the lock and copied on its way out.
 *     A {@code byte[]} is never copied on its way in or out (the RESP path hands over its
 *     argument arrays, the embedded store its callers' arrays): whoever gives one to the engine
 *     gives up the right to change it, whoever reads one must not change it. A long string
 *     argument of SET's family may become its key's buffer itself, so the dispatcher's callers
 *     give their arrays up entirely ({@code Dispatcher.execute}).</li>
 * <li><b>Long strings outside the heap.</b> A string of 512 bytes to 32 KiB written by SET's
 *     family, MSET or GETSET is copied into a chunk of the engine's
 *     {@link io.quicksilver.core.engine.Slabs} (direct memory, size classes), which its holder
 *     alone owns: a rewrite of another size moves it to a chunk of that size, and the segment
 *     frees the chunk when it drops the value (a delete, an overwrite, expiry and eviction
 *     after their listeners, a flush). A value that moves to another key (RENAME, MOVE) leaves
 *     its entry by {@code Database.detach}, which does not free it. A holder forgets a freed
 *     chunk at once, so a read through a stale holder fails loudly instead of answering another
 *     value's bytes. Listeners and in-process callers copy what they need during the call.</li>
 * <li><b>By-reference values.</b> The embedded {@link io.quicksilver.core.store.Store} may hold
 *     any Java object ({@link io.quicksilver.core.engine.type.ObjectRef}, TYPE
 *     {@code java-object}). The engine only keeps the reference: it never reads, copies or
 *     locks the object, so its thread-safety is the application's. A key's holder is its own
 *     (COPY gives the copy a new one) and an overwrite by another object replaces the object in
 *     it, under the key's lock, through {@code Segment}. Commands see the key (DEL,
 *     EXPIRE, TTL, TYPE, SCAN, COPY share the reference) and answer WRONGTYPE to read it.</li>
 * <li><b>In-process callers</b> (the embedded store) follow the same rules as the dispatcher:
 *     they lock the key's segment directly (one hash per operation, no {@code Locks} object),
 *     run the engine work of the equivalent command with its events, and take no second
 *     segment lock while holding one, except through {@code Locks} in the global order.</li>
 * </ol>
 * These invariants are tested by {@code ConcurrencyStressTest} (INCR exactness, MULTI blocks
 * never interleaved, no deadlock under random multi-key commands).
 *
 * <p>Time comes from the injected {@link io.quicksilver.core.engine.Clock}.
 * Nullness: parameters and results are non-null unless documented ("or null").
 */
package io.quicksilver.core.engine;
