package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/** {@code @CacheResult} on the class applies to every method without its own cache annotation. */
@ApplicationScoped
@CacheResult(cacheName = "classLevel")
public class ClassLevelBean {
    /** Static: every method of this class is cached, an accessor too. */
    public static final Calls CALLS = new Calls();

    public String value(String s) {
        return s + "#" + CALLS.count("value");
    }

    @CacheRemoveAll(cacheName = "classLevel")
    public void clear() {
        CALLS.count("clear");
    }
}
