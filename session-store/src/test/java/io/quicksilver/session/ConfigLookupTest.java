package io.quicksilver.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.session.config.ConfigLookup;
import org.junit.jupiter.api.Test;

/** Settings through MicroProfile Config (SmallRye on the test class path) and its fallbacks. */
class ConfigLookupTest {
    @Test
    void microProfileConfigIsReadWhenPresent() {
        System.setProperty("quicksilver.session.key-prefix", "mp:");
        try {
            assertTrue(ConfigLookup.microProfile(getClass().getClassLoader()).isPresent());
            SessionSettings s = SessionSettings.from(ConfigLookup.standard(getClass().getClassLoader()));
            assertEquals("mp:", s.keyPrefix());
            assertEquals("qs:session:", SessionSettings.defaults().keyPrefix());
        } finally {
            System.clearProperty("quicksilver.session.key-prefix");
        }
    }
}
