package io.quicksilver.core.engine;

/**
 * The active expiry cycle, Redis's activeExpireCycle in spirit: a few times a second, walk
 * segments that hold volatile keys and reclaim the ones whose time has passed, within a time
 * budget, resuming where the last cycle stopped. Keys nobody reads are thus reclaimed without a
 * read; keys somebody reads are also expired lazily by the lookup itself.
 *
 * <p>Runs on the engine's scheduler thread, locking one segment at a time, so clients wait at
 * most for one segment's sweep. Only one cycle runs at a time.
 */
final class ActiveExpiry {
    private final Engine engine;
    private int nextDb;
    private int nextSegment;

    ActiveExpiry(Engine engine) {
        this.engine = engine;
    }

    /**
     * @param budgetMicros how long this cycle may run; it stops at the first segment boundary
     *                     after that
     * @return keys reclaimed
     */
    synchronized long cycle(long budgetMicros) {
        Clock clock = engine.clock();
        long deadline = clock.nanos() + budgetMicros * 1000;
        int total = engine.databaseCount() * Engine.SEGMENTS;
        long reclaimed = 0;
        for (int visited = 0; visited < total; visited++) {
            Database db = engine.db(nextDb);
            Segment s = db.segments[nextSegment];
            if (++nextSegment == Engine.SEGMENTS) {
                nextSegment = 0;
                nextDb = (nextDb + 1) % engine.databaseCount();
            }
            if (s.volatileCount() == 0) { // racy read: a hint only, the sweep itself is locked
                continue;
            }
            s.lock();
            try {
                reclaimed += db.expireSegment(s, clock.millis());
            } finally {
                s.unlock();
            }
            if (clock.nanos() >= deadline) {
                break;
            }
        }
        return reclaimed;
    }
}
