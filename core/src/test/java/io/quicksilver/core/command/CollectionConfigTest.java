package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The collection encoding thresholds as CONFIG parameters (replies from redis-server 7.0.15). */
class CollectionConfigTest {

    @Test
    void defaultsAndAliasesAsRedisWithoutConfigFile() {
        try (CommandHarness h = new CommandHarness()) {
            h.client.protocol = 3;
            assertEquals(Map.of("hash-max-ziplist-entries", "512", "hash-max-listpack-entries", "512",
                    "hash-max-ziplist-value", "64", "hash-max-listpack-value", "64"),
                    h.run("CONFIG", "GET", "hash-max-*"));
            assertEquals(Map.of("zset-max-ziplist-entries", "128", "zset-max-listpack-entries", "128",
                    "zset-max-ziplist-value", "64", "zset-max-listpack-value", "64"),
                    h.run("CONFIG", "GET", "zset-max-*"));
            assertEquals(Map.of("set-max-intset-entries", "512"), h.run("CONFIG", "GET", "set-max*"));
            assertEquals(Map.of("list-max-listpack-size", "-2", "list-max-ziplist-size", "-2",
                    "list-compress-depth", "0"), h.run("CONFIG", "GET", "list-*"));
        }
    }

    @Test
    void aHashLeftOverALoweredLimitConvertsOnItsNextWriteEvenAnUpdate() {
        // redis-server 7.0.15: hashTypeSet checks the length after an update as after an insert
        // (found by DifferentialIT, seed 6495911037767624985); a sorted set does not
        try (CommandHarness h = new CommandHarness()) {
            h.run("HSET", "h", "a", "1", "b", "2", "c", "3");
            h.run("HSET", "g", "a", "1", "b", "2", "c", "3");
            h.run("ZADD", "z", "1", "a", "2", "b", "3", "c");
            h.run("CONFIG", "SET", "hash-max-listpack-entries", "2");
            h.run("CONFIG", "SET", "zset-max-listpack-entries", "2");
            assertEquals("listpack", h.run("OBJECT", "ENCODING", "h"), "nothing converts until a write");
            assertEquals(0L, h.run("HSET", "h", "a", "9"));
            assertEquals("hashtable", h.run("OBJECT", "ENCODING", "h"));
            assertEquals(12L, h.run("HINCRBY", "g", "a", "11"));
            assertEquals("hashtable", h.run("OBJECT", "ENCODING", "g"));
            assertEquals(0L, h.run("ZADD", "z", "9", "a"));
            assertEquals("listpack", h.run("OBJECT", "ENCODING", "z"));
        }
    }

    @Test
    void setThroughEitherNameReachesTheEngine() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals("OK", h.run("CONFIG", "SET", "hash-max-ziplist-entries", "7"));
            assertEquals(7, h.engine.encodings().hashMaxListpackEntries);
            assertEquals(Map.of("hash-max-listpack-entries", "7"),
                    h.run("CONFIG", "GET", "hash-max-listpack-entries"));
            assertEquals("OK", h.run("CONFIG", "SET", "list-max-listpack-size", "0"));
            assertEquals(0, h.engine.encodings().listMaxListpackSize);
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'set-max-intset-entries') "
                    + "- argument must be between 0 and 9223372036854775807 inclusive",
                    "CONFIG", "SET", "set-max-intset-entries", "-1");
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'zset-max-ziplist-value') "
                    + "- argument must be a memory value", "CONFIG", "SET", "zset-max-ziplist-value", "-1");
            assertEquals("OK", h.run("CONFIG", "SET", "hash-max-listpack-value", "1kb"));
            assertEquals(1024, h.engine.encodings().hashMaxListpackValue);
            h.assertError("ERR CONFIG SET failed (possibly related to argument 'list-compress-depth') "
                    + "- argument must be between 0 and 2147483647 inclusive",
                    "CONFIG", "SET", "list-compress-depth", "-1");
        }
    }
}
