package io.quicksilver.jcache.annotation.discovery;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;

/** Has a bean-defining annotation: discovered in an "annotated" archive. */
@ApplicationScoped
public class DiscoveredBean {
    public static final AtomicInteger CALLS = new AtomicInteger();

    @CacheResult(cacheName = "discovered")
    public String value(String s) {
        return s + "#" + CALLS.incrementAndGet();
    }
}
