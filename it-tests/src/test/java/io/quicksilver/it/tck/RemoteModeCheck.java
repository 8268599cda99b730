package io.quicksilver.it.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.it.Resp;
import io.quicksilver.it.RespClient;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Runs in the {@code jsr107-tck-remote} execution beside the TCK and fails if the TCK did not
 * really run in remote mode: the provider's default cache manager must put its entries into the
 * server {@link RemoteTckServer} started, where a raw RESP client finds them.
 */
class RemoteModeCheck {
    @Test
    void entriesOfTheDefaultManagerLiveInTheServer() {
        String uri = System.getProperty(RemoteTckServer.URI_PROPERTY);
        assertNotNull(uri, "RemoteTckServer did not start a server (quicksilver.tck.server unset?)");
        CacheManager manager = Caching.getCachingProvider().getCacheManager();
        String name = "remote-mode-check";
        Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>()
                .setTypes(String.class, String.class));
        try {
            cache.put("k", "v");
            try (RespClient c = new RespClient(URI.create(uri).getPort())) {
                Resp keys = c.call("KEYS", "*" + name + "*");
                assertTrue(keys instanceof Resp.Arr a && a.items().size() == 1, "the entry in our server: " + keys);
            }
            assertEquals("v", cache.get("k"));
        } finally {
            manager.destroyCache(name);
        }
    }
}
