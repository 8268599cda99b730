package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.engine.evict.EvictionPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The maxmemory parameters as CONFIG sees them (replies and errors from redis-server 7.0.15). */
class EvictionConfigTest {

    private static String setFailed(String name, String reason) {
        return "ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + reason;
    }

    @Test
    void defaultsAsRedisWithoutConfigFile() {
        try (CommandHarness h = new CommandHarness()) {
            h.client.protocol = 3;
            assertEquals(Map.of("maxmemory", "0"), h.run("CONFIG", "GET", "maxmemory"));
            // Redis 7.0 also lists maxmemory-clients (client eviction), which we do not have
            assertEquals(Map.of("maxmemory-policy", "noeviction", "maxmemory-samples", "5",
                    "maxmemory-eviction-tenacity", "10"), h.run("CONFIG", "GET", "maxmemory-*"));
            assertEquals(Map.of("lfu-log-factor", "10", "lfu-decay-time", "1"),
                    h.run("CONFIG", "GET", "lfu*"));
        }
    }

    @Test
    void maxmemoryParsesMemoryValuesAsRedis() {
        try (CommandHarness h = new CommandHarness()) {
            Map<String, String> accepted = new LinkedHashMap<>();
            accepted.put("100mb", "104857600");
            accepted.put("100MB", "104857600");
            accepted.put("1G", "1000000000");
            accepted.put("2gB", "2147483648");
            accepted.put("1kb", "1024");
            accepted.put("1K", "1000");
            accepted.put("5b", "5");
            accepted.put("5B", "5");
            accepted.put("007", "7");
            accepted.put("", "0");
            accepted.put("kb", "0");
            accepted.put("9223372036854775808", "9223372036854775808");
            accepted.put("18446744073709551615", "18446744073709551615");
            accepted.put("18446744073709551616", "18446744073709551615"); // strtoull saturates
            accepted.put("0", "0");
            for (Map.Entry<String, String> e : accepted.entrySet()) {
                assertEquals("OK", h.run("CONFIG", "SET", "maxmemory", e.getKey()), e.getKey());
                assertEquals(Map.of("maxmemory", e.getValue()), h.run("CONFIG", "GET", "maxmemory"), e.getKey());
            }
            assertEquals(0, h.engine.evictor().maxmemory());
            h.run("CONFIG", "SET", "maxmemory", "3mb");
            for (String bad : new String[] {" 5", "5 ", "0x10", "+5", "-0", "-1", "1.5mb", "1tb", "abc"}) {
                h.assertError(setFailed("maxmemory", "argument must be a memory value"),
                        "CONFIG", "SET", "maxmemory", bad);
            }
            assertEquals(3L * 1024 * 1024, h.engine.evictor().maxmemory(), "a refused value changes nothing");
        }
    }

    @Test
    void memtoullWrapsAsCArithmetic() throws ConfigException {
        // 2^64-1 (saturated) times 1024 wraps modulo 2^64, as Redis's unsigned multiplication
        assertEquals(-1024L, EvictionConfig.memtoull("99999999999999999999999kb"));
        assertThrows(ConfigException.class, () -> EvictionConfig.memtoull("1".repeat(128)));
        assertEquals(-1L, EvictionConfig.memtoull("1".repeat(127)));
    }

    @Test
    void policyNamesAndError() {
        try (CommandHarness h = new CommandHarness()) {
            for (EvictionPolicy p : EvictionPolicy.values()) {
                assertEquals("OK", h.run("CONFIG", "SET", "maxmemory-policy", p.configName().toUpperCase()));
                assertEquals(Map.of("maxmemory-policy", p.configName()),
                        h.run("CONFIG", "GET", "maxmemory-policy"));
                assertEquals(p, h.engine.evictor().policy());
            }
            h.assertError(setFailed("maxmemory-policy", "argument(s) must be one of the following: "
                    + "volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                    + "allkeys-random, noeviction"), "CONFIG", "SET", "maxmemory-policy", "foo");
            h.assertError(setFailed("maxmemory-policy", "argument(s) must be one of the following: "
                    + "volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                    + "allkeys-random, noeviction"), "CONFIG", "SET", "maxmemory-policy", "");
        }
    }

    @Test
    void integerParametersRangesAndErrors() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals("OK", h.run("CONFIG", "SET", "maxmemory-samples", "64"));
            assertEquals(64, h.engine.evictor().samples());
            assertEquals("OK", h.run("CONFIG", "SET", "maxmemory-samples", "65"));
            h.assertError(setFailed("maxmemory-samples", "argument must be between 1 and 2147483647 inclusive"),
                    "CONFIG", "SET", "maxmemory-samples", "0");
            for (String bad : new String[] {" 5", "+5", "5.0", "-0", "007", ""}) {
                h.assertError(setFailed("maxmemory-samples", "argument couldn't be parsed into an integer"),
                        "CONFIG", "SET", "maxmemory-samples", bad);
            }
            assertEquals(Map.of("maxmemory-samples", "65"), h.run("CONFIG", "GET", "maxmemory-samples"));
            assertEquals("OK", h.run("CONFIG", "SET", "maxmemory-eviction-tenacity", "100"));
            assertEquals(100, h.engine.evictor().tenacity());
            h.assertError(setFailed("maxmemory-eviction-tenacity", "argument must be between 0 and 100 inclusive"),
                    "CONFIG", "SET", "maxmemory-eviction-tenacity", "101");
            h.assertError(setFailed("lfu-log-factor", "argument must be between 0 and 2147483647 inclusive"),
                    "CONFIG", "SET", "lfu-log-factor", "-1");
            h.assertError(setFailed("lfu-decay-time", "argument must be between 0 and 2147483647 inclusive"),
                    "CONFIG", "SET", "lfu-decay-time", "-1");
            h.assertError(setFailed("lfu-decay-time", "argument must be between 0 and 2147483647 inclusive"),
                    "CONFIG", "SET", "lfu-decay-time", "2147483648");
            assertEquals("OK", h.run("CONFIG", "SET", "lfu-log-factor", "0", "lfu-decay-time", "0"));
            assertEquals(0, h.engine.evictor().lfuLogFactor());
            assertEquals(0, h.engine.evictor().lfuDecayTime());
        }
    }

    @Test
    void microProfileNamesFindTheParameters() {
        try (CommandHarness h = new CommandHarness()) {
            for (String name : new String[] {"maxmemory", "maxmemory-policy", "maxmemory-samples",
                "maxmemory-eviction-tenacity", "lfu-log-factor", "lfu-decay-time"}) {
                assertEquals(name, h.node.config().find("quicksilver." + name).name());
            }
        }
    }
}
