package io.quicksilver.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteSettingsTest {
    private static RemoteSettings parse(String uri, Map<String, String> props) {
        return RemoteSettings.parse(URI.create(uri), props);
    }

    @Test
    void acceptsTheRedisSchemesOnly() {
        for (String u : List.of("redis://h", "rediss://h", "redis-sentinel://h#m", "rediss-sentinel://h#m",
                "redis-cluster://a:1,b:2", "rediss-cluster://a:1", "Redis://h")) {
            assertTrue(RemoteSettings.accepts(URI.create(u)), u);
        }
        for (String u : List.of("quicksilver:embedded", "http://h", "redis-socket:///tmp/s", "h:1")) {
            assertFalse(RemoteSettings.accepts(URI.create(u)), u);
        }
        assertFalse(RemoteSettings.accepts(null));
    }

    @Test
    void standalonePasswordDatabaseAndTimeout() {
        RemoteSettings s = parse("redis://:secret@10.0.0.1:6380/4", Map.of());
        assertFalse(s.cluster());
        RedisURI r = s.uris().get(0);
        assertEquals("10.0.0.1", r.getHost());
        assertEquals(6380, r.getPort());
        assertEquals(4, s.database());
        assertEquals("secret", new String(r.getCredentialsProvider().resolveCredentials().block().getPassword()));
        assertEquals(Duration.ofMillis(5000), s.timeout());
        assertEquals("redis://10.0.0.1:6380/4", s.description());

        s = parse("redis://10.0.0.1/4", Map.of("database", "7", "timeout", "250"));
        assertEquals(7, s.database());
        assertEquals(7, s.uris().get(0).getDatabase());
        assertEquals(Duration.ofMillis(250), s.timeout());
        assertEquals(Duration.ofSeconds(3), parse("redis://h?timeout=3s", Map.of()).timeout(), "the URI's own timeout");
        assertTrue(parse("rediss://h", Map.of()).uris().get(0).isSsl());
    }

    @Test
    void clusterSeeds() {
        RemoteSettings s = parse("redis-cluster://:pw@a:7000,b:7001,c:7002", Map.of("timeout", "1000"));
        assertTrue(s.cluster());
        assertEquals(3, s.uris().size());
        assertEquals("c", s.uris().get(2).getHost());
        assertEquals(7002, s.uris().get(2).getPort());
        for (RedisURI r : s.uris()) {
            assertEquals("pw", new String(r.getCredentialsProvider().resolveCredentials().block().getPassword()));
            assertEquals(Duration.ofSeconds(1), r.getTimeout());
        }
        assertEquals("redis-cluster://a:7000,b:7001,c:7002", s.description());
        assertTrue(parse("rediss-cluster://a:1", Map.of()).uris().get(0).isSsl());
        assertThrows(IllegalArgumentException.class, () -> parse("redis-cluster://a:1/3", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> parse("redis-cluster://a:1", Map.of("database", "1")));
        assertThrows(IllegalArgumentException.class, () -> parse("redis-cluster://a:1,,b:2", Map.of()));
    }

    @Test
    void badProperties() {
        assertThrows(IllegalArgumentException.class, () -> parse("redis://h", Map.of("timeout", "x")));
        assertThrows(IllegalArgumentException.class, () -> parse("redis://h", Map.of("timeout", "0")));
        assertThrows(IllegalArgumentException.class, () -> parse("redis://h", Map.of("database", "-2")));
        assertThrows(IllegalArgumentException.class, () -> parse("redis://h", Map.of("compute-connections", "0")));
        assertThrows(IllegalArgumentException.class, () -> parse("redis-cluster://h:1", Map.of("topology-refresh", "-1")));
        assertEquals(Duration.ofMillis(250), parse("redis-cluster://h:1", Map.of("topology-refresh", "250")).topologyRefresh());
        assertEquals(Duration.ofMinutes(1), parse("redis-cluster://h:1", Map.of()).topologyRefresh());
        assertThrows(IllegalArgumentException.class, () -> parse("http://h", Map.of()));
    }

    @Test
    void redactDropsOnlyThePassword() {
        assertEquals("redis://h:1/0", RemoteSettings.redact("redis://:pw@h:1/0"));
        assertEquals("redis://user@h:1", RemoteSettings.redact("redis://user:pw@h:1"));
        assertEquals("redis://h", RemoteSettings.redact("redis://pw@h"), "Lettuce reads a lone word as the password");
        assertEquals("redis://h:1/0?timeout=5s", RemoteSettings.redact("redis://h:1/0?timeout=5s"));
        assertEquals("redis-sentinel://s1:26379,s2:26379/0#m", RemoteSettings.redact("redis-sentinel://:x@s1:26379,s2:26379/0#m"));
        assertEquals("redis://h/0?x=a@b", RemoteSettings.redact("redis://h/0?x=a@b"));
    }
}
