package io.quicksilver.jcache.annotation.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;

/** Resolver factory and key generator named on the method. */
@ApplicationScoped
public class CustomBean {
    private final Calls calls = new Calls();

    public Calls calls() {
        return calls;
    }

    @CacheResult(cacheName = "upper", cacheKeyGenerator = UpperCaseKeyGenerator.class)
    public String upper(String s) {
        return s + "#" + calls.count("upper");
    }

    @CacheResult(cacheName = "viaFactory", cacheResolverFactory = PrefixingResolverFactory.class)
    public String viaFactory(String s) {
        return s + "#" + calls.count("viaFactory");
    }
}
