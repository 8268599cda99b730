package io.quicksilver.jcache.annotation.invalid;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

@ApplicationScoped
public class TwoAnnotations {
    @CacheResult(cacheName = "x")
    @CacheRemove(cacheName = "x")
    public String both(String id) {
        return id;
    }
}
