package io.quicksilver.jcache.annotation.discovery;

import javax.cache.annotation.CacheResult;

/** No bean-defining annotation: not a bean in an "annotated" archive, cache annotations or not. */
public class NotABean {
    @CacheResult(cacheName = "discovered")
    public String value(String s) {
        return s;
    }
}
