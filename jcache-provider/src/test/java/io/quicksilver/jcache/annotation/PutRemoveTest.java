package io.quicksilver.jcache.annotation;

import static io.quicksilver.jcache.annotation.Containers.cache;
import static io.quicksilver.jcache.annotation.Containers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.jcache.annotation.beans.PutRemoveBean;
import javax.cache.Cache;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @CachePut}, {@code @CacheRemove}, {@code @CacheRemoveAll} with {@code afterInvocation}
 * and their exception rules, on the cache {@code @CacheDefaults} names ("store"), read back
 * directly and through a {@code @CacheResult} method with the same key.
 */
class PutRemoveTest {
    private static final IllegalStateException ISE = new IllegalStateException("ise");
    private static final NumberFormatException NFE = new NumberFormatException("nfe");
    private static final IllegalArgumentException IAE = new IllegalArgumentException("iae");
    private static WeldContainer container;
    private PutRemoveBean bean;

    @BeforeAll
    static void start() {
        container = Containers.start("put-remove", PutRemoveBean.class);
    }

    @AfterAll
    static void stop() {
        container.close();
    }

    @BeforeEach
    void reset() {
        bean = container.select(PutRemoveBean.class).get();
        bean.get("warm-up"); // the cache exists from here on
        Containers.clearAll();
        bean.calls().reset();
    }

    private static Cache<Object, Object> store() {
        return cache("store");
    }

    @Test
    void putStoresTheValueAfterTheCall() {
        bean.put("a", "v", null);
        assertEquals("v", store().get(key("a")));
        assertEquals("v", bean.get("a"), "@CacheResult on the same key sees it");
        assertEquals(0, bean.calls().of("get"));
    }

    @Test
    void putDoesNotHappenWhenTheMethodThrows() {
        assertThrows(IllegalStateException.class, () -> bean.put("a", "v", ISE));
        assertFalse(store().containsKey(key("a")));
    }

    @Test
    void putBeforeInvocationHappensEvenIfTheMethodThrows() {
        assertThrows(IllegalStateException.class, () -> bean.putBefore("a", "v", ISE));
        assertEquals("v", store().get(key("a")));
    }

    @Test
    void cacheForAndNoCacheForSelectTheExceptionsThatStillPut() {
        // cacheFor = RuntimeException, noCacheFor = IllegalArgumentException
        assertThrows(IllegalStateException.class, () -> bean.putFor("a", "v", ISE));
        assertEquals("v", store().get(key("a")));
        assertThrows(NumberFormatException.class, () -> bean.putFor("b", "v", NFE));
        assertFalse(store().containsKey(key("b")), "excluded: a subclass of a noCacheFor class");
    }

    @Test
    void noCacheForAloneLetsEveryOtherExceptionPut() {
        assertThrows(IllegalStateException.class, () -> bean.putUnlessIllegalArgument("a", "v", ISE));
        assertEquals("v", store().get(key("a")));
        assertThrows(IllegalArgumentException.class, () -> bean.putUnlessIllegalArgument("b", "v", IAE));
        assertFalse(store().containsKey(key("b")));
    }

    @Test
    void theKeyIsEveryParameterButTheValue() {
        bean.putValueFirst("v", "a");
        assertEquals("v", store().get(key("a")));
    }

    @Test
    void aNullValueRemovesTheKey() {
        assertEquals("computed a#1", bean.get("a"));
        bean.put("a", null, null);
        assertFalse(store().containsKey(key("a")));
        assertEquals("computed a#2", bean.get("a"));
    }

    @Test
    void removeDropsTheKeyAfterTheCall() {
        bean.get("a");
        bean.get("b");
        bean.remove("a", null);
        assertFalse(store().containsKey(key("a")));
        assertTrue(store().containsKey(key("b")));
        assertEquals("computed a#3", bean.get("a"));
    }

    @Test
    void removeDoesNotHappenWhenTheMethodThrows() {
        bean.get("a");
        assertThrows(IllegalStateException.class, () -> bean.remove("a", ISE));
        assertTrue(store().containsKey(key("a")));
    }

    @Test
    void removeBeforeInvocationHappensEvenIfTheMethodThrows() {
        bean.get("a");
        assertThrows(IllegalStateException.class, () -> bean.removeBefore("a", ISE));
        assertFalse(store().containsKey(key("a")));
    }

    @Test
    void evictForAndNoEvictForSelectTheExceptionsThatStillRemove() {
        bean.get("a");
        bean.get("b");
        // evictFor = IllegalStateException
        assertThrows(IllegalStateException.class, () -> bean.removeFor("a", ISE));
        assertFalse(store().containsKey(key("a")));
        assertThrows(IllegalArgumentException.class, () -> bean.removeFor("b", IAE));
        assertTrue(store().containsKey(key("b")));
        // noEvictFor = IllegalArgumentException only
        assertThrows(IllegalStateException.class, () -> bean.removeUnlessIllegalArgument("b", ISE));
        assertFalse(store().containsKey(key("b")));
        bean.get("c");
        assertThrows(NumberFormatException.class, () -> bean.removeUnlessIllegalArgument("c", NFE));
        assertTrue(store().containsKey(key("c")));
    }

    @Test
    void removeAllEmptiesTheCacheAfterTheCall() {
        bean.get("a");
        bean.get("b");
        bean.removeAll(null);
        assertFalse(store().iterator().hasNext());
        assertEquals(1, bean.calls().of("removeAll"));
    }

    @Test
    void removeAllDoesNotHappenWhenTheMethodThrowsUnlessBeforeOrSelected() {
        bean.get("a");
        assertThrows(IllegalStateException.class, () -> bean.removeAll(ISE));
        assertTrue(store().containsKey(key("a")));
        assertThrows(IllegalStateException.class, () -> bean.removeAllBefore(ISE));
        assertFalse(store().containsKey(key("a")));

        bean.get("b");
        // evictFor = RuntimeException, noEvictFor = IllegalArgumentException
        assertThrows(NumberFormatException.class, () -> bean.removeAllFor(NFE));
        assertTrue(store().containsKey(key("b")));
        assertThrows(IllegalStateException.class, () -> bean.removeAllFor(ISE));
        assertFalse(store().containsKey(key("b")));
    }
}
