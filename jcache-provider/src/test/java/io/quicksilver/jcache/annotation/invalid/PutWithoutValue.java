package io.quicksilver.jcache.annotation.invalid;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CachePut;

@ApplicationScoped
public class PutWithoutValue {
    @CachePut(cacheName = "x")
    public void put(String id, String value) {
    }
}
