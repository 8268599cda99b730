package io.quicksilver.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The waits and the touch interval: defaults, units, what is refused. */
class SessionSettingsTest {
    private static SessionSettings of(Map<String, String> m) {
        return SessionSettings.from(k -> Optional.ofNullable(m.get(k)));
    }

    @Test
    void theWaitsAndTheTouchIntervalHaveTheirDefaultsAndUnits() {
        SessionSettings d = SessionSettings.defaults();
        assertEquals(10_000, d.asyncWriteWaitMillis());
        assertEquals(10_000, d.shutdownWaitMillis());
        assertEquals(0, d.touchIntervalMillis(), "every request writes its access time by default");

        SessionSettings s = of(Map.of("quicksilver.session.async-write-wait", " 250 ",
                "quicksilver.session.shutdown-wait", "0", "quicksilver.session.touch-interval", "60"));
        assertEquals(250, s.asyncWriteWaitMillis(), "ms");
        assertEquals(0, s.shutdownWaitMillis());
        assertEquals(60_000, s.touchIntervalMillis(), "configured in seconds");
    }

    @Test
    void negativeOrNonNumericValuesAreRefused() {
        for (String key : new String[] {"async-write-wait", "shutdown-wait", "touch-interval"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> of(Map.of("quicksilver.session." + key, "-1")));
            assertEquals("quicksilver.session." + key + " must be 0 or more, not -1", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> of(Map.of("quicksilver.session." + key, "10s")));
        }
    }
}
