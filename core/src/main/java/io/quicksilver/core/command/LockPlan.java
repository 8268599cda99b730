package io.quicksilver.core.command;

/** Which segment locks the dispatcher takes before a command runs. */
public enum LockPlan {
    /** The segments of the keys its key specs name, in the client's database (the default). */
    KEYS,
    /** Every segment of the client's database: whole-database reads and writes (KEYS, FLUSHDB). */
    DB,
    /** Every segment of every database: the exclusive path (FLUSHALL, SWAPDB, MOVE). */
    ALL,
    /**
     * The command locks what it needs itself, one segment at a time (SCAN). Inside EXEC, which
     * already holds locks, the whole database is locked instead so the global order holds.
     */
    SELF,
    /** None: the command does not touch the keyspace. */
    NONE
}
