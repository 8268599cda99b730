package io.quicksilver.jcache.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheException;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

class PropertiesConfigTest {
    private static PropertiesConfig of(Map<String, String> map) {
        return new PropertiesConfig(k -> Optional.ofNullable(map.get(k)), map::keySet);
    }

    @Test
    void durationsInEveryDocumentedForm() {
        assertEquals(new Duration(TimeUnit.MINUTES, 10), DurationParser.parse("10m"));
        assertEquals(new Duration(TimeUnit.SECONDS, 30), DurationParser.parse("30s"));
        assertEquals(new Duration(TimeUnit.MILLISECONDS, 500), DurationParser.parse("500ms"));
        assertEquals(new Duration(TimeUnit.HOURS, 2), DurationParser.parse("2h"));
        assertEquals(new Duration(TimeUnit.DAYS, 1), DurationParser.parse("1d"));
        assertEquals(new Duration(TimeUnit.MILLISECONDS, 300_000), DurationParser.parse("PT5M"));
        assertEquals(Duration.ZERO, DurationParser.parse("0"));
        assertEquals(Duration.ETERNAL, DurationParser.parse("eternal"));
        for (String bad : new String[] {"", "10", "m", "10x", "-5s", "PT-5M", "P", "99999999999999999999s"}) {
            assertThrows(IllegalArgumentException.class, () -> DurationParser.parse(bad), bad);
        }
    }

    @Test
    void uriAndPrefix() {
        assertEquals(Optional.empty(), of(Map.of()).uri());
        assertEquals("jcache:", of(Map.of()).prefix());
        PropertiesConfig c = of(Map.of("quicksilver.jcache.uri", "redis://127.0.0.1:6379",
                "quicksilver.jcache.prefix", "app:"));
        assertEquals(Optional.of(URI.create("redis://127.0.0.1:6379")), c.uri());
        assertEquals("app:", c.prefix());
        assertThrows(CacheException.class, () -> of(Map.of("quicksilver.jcache.uri", "not a uri")).uri());
    }

    @Test
    void declaredCachesAndTheirConfiguration() {
        PropertiesConfig c = of(Map.of(
                "quicksilver.cache.users.expiry.accessed", "5m",
                "quicksilver.cache.users.expiry.modified", "1m",
                "quicksilver.cache.users.statistics", "true",
                "quicksilver.cache.my.dotted.cache.management", "TRUE",
                "quicksilver.cache.my.dotted.cache.store-by-value", "false",
                "quicksilver.cache.users.unknown-key", "x",
                "quicksilver.server.port", "6379",
                "quicksilver.jcache.store.timeout", "2000",
                "quicksilver.jcache.store.database", "3"));
        assertEquals(Set.of("users", "my.dotted.cache"), c.declaredCaches());
        assertTrue(c.declares("users"));
        assertFalse(c.declares("other"));
        QuicksilverConfiguration<Object, Object> users = c.cacheConfiguration("users");
        assertTrue(users.isStatisticsEnabled());
        ExpiryPolicy p = users.getExpiryPolicyFactory().create();
        assertEquals(new Duration(TimeUnit.MINUTES, 1), p.getExpiryForCreation(), "the shorter of accessed and modified");
        assertEquals(new Duration(TimeUnit.MINUTES, 5), p.getExpiryForAccess());
        assertEquals(new Duration(TimeUnit.MINUTES, 1), p.getExpiryForUpdate());
        QuicksilverConfiguration<Object, Object> dotted = c.cacheConfiguration("my.dotted.cache");
        assertTrue(dotted.isManagementEnabled());
        assertFalse(dotted.isStoreByValue());
        assertEquals(Map.of("timeout", "2000", "database", "3"), c.storeProperties());
    }

    @Test
    void createdAloneKeepsTheTtlOnAccessAndUpdate() {
        ExpiryPolicy p = of(Map.of("quicksilver.cache.c.expiry.created", "10m")).cacheConfiguration("c")
                .getExpiryPolicyFactory().create();
        assertEquals(new Duration(TimeUnit.MINUTES, 10), p.getExpiryForCreation());
        assertNull(p.getExpiryForAccess());
        assertNull(p.getExpiryForUpdate());
    }

    @Test
    void badValuesNameTheirKey() {
        CacheException e = assertThrows(CacheException.class,
                () -> of(Map.of("quicksilver.cache.c.statistics", "yes")).cacheConfiguration("c"));
        assertTrue(e.getMessage().contains("quicksilver.cache.c.statistics"), e.getMessage());
        e = assertThrows(CacheException.class,
                () -> of(Map.of("quicksilver.cache.c.expiry.created", "10 minutes")).cacheConfiguration("c"));
        assertTrue(e.getMessage().contains("quicksilver.cache.c.expiry.created"), e.getMessage());
    }
}
