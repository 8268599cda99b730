package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import javax.cache.annotation.CacheResult;

/** A bean of a passivating scope: its interceptors must be passivation capable. */
@SessionScoped
public class SessionBean implements Serializable {
    private static final long serialVersionUID = 1L;

    @CacheResult(cacheName = "session")
    public String value(String s) {
        return s;
    }
}
