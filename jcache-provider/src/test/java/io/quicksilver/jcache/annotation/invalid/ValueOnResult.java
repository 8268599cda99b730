package io.quicksilver.jcache.annotation.invalid;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

@ApplicationScoped
public class ValueOnResult {
    @CacheResult(cacheName = "x")
    public String get(String id, @CacheValue String value) {
        return id;
    }
}
