package io.quicksilver.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quicksilver.core.config.ConfigRegistry.ConfigException;
import io.quicksilver.core.config.ConfigRegistry.Param;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Value parsing of CONFIG SET as redis-server 7.0.15 does it (string2ll, memtoull, yesnotoi). */
class ConfigRegistryTest {

    @Test
    void integersAreStrictAsString2ll() throws ConfigException {
        AtomicLong v = new AtomicLong();
        Param hz = ConfigRegistry.integer("hz", null, 1, 500, v::get, v::set, "");
        hz.setter().set("42");
        assertEquals(42, v.get());
        for (String bad : new String[] {"+5", " 5", "5 ", "007", "-0", "1k", "0x10", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> hz.setter().set(bad), bad);
            assertEquals("argument couldn't be parsed into an integer", e.getMessage());
        }
        assertEquals("argument must be between 1 and 500 inclusive",
                assertThrows(ConfigException.class, () -> hz.setter().set("501")).getMessage());
    }

    @Test
    void memoryAsMemtoull() throws ConfigException {
        assertEquals(1024, ConfigRegistry.parseMemory("1kb"));
        assertEquals(1024, ConfigRegistry.parseMemory("1KB"));
        assertEquals(1000, ConfigRegistry.parseMemory("1k"));
        assertEquals(512L * 1024 * 1024, ConfigRegistry.parseMemory("512mb"));
        assertEquals(3_000_000_000L, ConfigRegistry.parseMemory("3g"));
        assertEquals(0, ConfigRegistry.parseMemory(""));
        assertEquals(Long.MAX_VALUE, ConfigRegistry.parseMemory("99999999999999999999gb"));
        for (String bad : new String[] {"-1", " 1k", "1.5mb", "+5", "1tb"}) {
            assertEquals("argument must be a memory value",
                    assertThrows(ConfigException.class, () -> ConfigRegistry.parseMemory(bad), bad).getMessage());
        }
    }

    @Test
    void booleansAreYesOrNo() throws ConfigException {
        AtomicBoolean b = new AtomicBoolean();
        Param p = ConfigRegistry.bool("protected-mode", null, b::get, b::set, "");
        p.setter().set("YES");
        assertEquals("yes", p.getter().get());
        p.setter().set("no");
        assertEquals("no", p.getter().get());
        assertEquals("argument must be 'yes' or 'no'",
                assertThrows(ConfigException.class, () -> p.setter().set("true")).getMessage());
    }
}
