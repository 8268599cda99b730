package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.ApplicationScoped;

/** A bean injected into {@link PrefixingResolverFactory}: proof the factory came from CDI. */
@ApplicationScoped
public class CachePrefix {
    public String prefix() {
        return "custom-";
    }
}
