package io.quicksilver.jcache.annotation;

import static io.quicksilver.jcache.annotation.Containers.cache;
import static io.quicksilver.jcache.annotation.Containers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.jcache.annotation.beans.ResultBean;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @CacheResult} on a real bean in Weld SE: names, keys, skipGet, exception caching. */
class CacheResultTest {
    private static WeldContainer container;
    private ResultBean bean;

    @BeforeAll
    static void start() {
        container = Containers.start("cache-result", ResultBean.class);
    }

    @AfterAll
    static void stop() {
        container.close();
    }

    @BeforeEach
    void reset() {
        Containers.clearAll();
        bean = container.select(ResultBean.class).get();
        bean.calls().reset();
    }

    @Test
    void aSecondCallWithEqualArgumentsIsAnsweredFromTheCache() {
        assertEquals("a1#1", bean.compute("a", 1));
        assertEquals("a1#1", bean.compute("a", 1));
        assertEquals(1, bean.calls().of("compute"));
        assertEquals("a2#2", bean.compute("a", 2));
        assertEquals("a1#1", cache("results").get(key("a", 1)), "the key is every parameter, in order");
        assertEquals("a2#2", cache("results").get(key("a", 2)));
    }

    @Test
    void onlyCacheKeyParametersMakeTheKey() {
        assertEquals("id1x#1", bean.keyed("x", "id", 1));
        assertEquals("id1x#1", bean.keyed("y", "id", 1));
        assertEquals(1, bean.calls().of("keyed"));
        assertEquals("id1x#1", cache("keyed").get(key("id", 1)));
        assertEquals("id2y#2", bean.keyed("y", "id", 2));
    }

    @Test
    void withoutANameTheCacheIsNamedAfterTheMethod() {
        assertEquals("s#1", bean.defaultName("s"));
        assertEquals("s#1", bean.defaultName("s"));
        String name = "io.quicksilver.jcache.annotation.beans.ResultBean.defaultName(java.lang.String)";
        assertNotNull(cache(name), "the generated cache name");
        assertEquals("s#1", cache(name).get(key("s")));
    }

    @Test
    void theGeneratedNameListsEveryParameterType() {
        assertEquals("s[1]#1", bean.defaultNameOfMany("s", new int[] {1}));
        String name = "io.quicksilver.jcache.annotation.beans.ResultBean.defaultNameOfMany(java.lang.String,[I)";
        assertEquals("s[1]#1", cache(name).get(key("s", new int[] {1})));
    }

    @Test
    void arraysInTheKeyAreComparedByContent() {
        assertEquals("s[1, 2]#1", bean.arrays("s", new int[] {1, 2}));
        assertEquals("s[1, 2]#1", bean.arrays("s", new int[] {1, 2}));
        assertEquals(1, bean.calls().of("arrays"));
        assertEquals("s[1, 2]#1", cache("arrays").get(key("s", new int[] {1, 2})));
        assertEquals("s[2, 1]#2", bean.arrays("s", new int[] {2, 1}));
    }

    @Test
    void skipGetAlwaysInvokesAndCachesTheResult() {
        assertEquals("k#1", bean.skipGet("k"));
        assertEquals("k#2", bean.skipGet("k"));
        assertEquals("k#2", cache("skip").get(key("k")));
    }

    @Test
    void nullResultsAreNotCached() {
        assertNull(bean.nullResult("n"));
        assertNull(bean.nullResult("n"));
        assertEquals(2, bean.calls().of("nullResult"));
        assertFalse(cache("nulls").containsKey(key("n")));
    }

    @Test
    void exceptionsGoToTheExceptionCacheAndAreRethrownLater() {
        IOException first = assertThrows(IOException.class, () -> bean.failing("a"));
        assertEquals("a#1", first.getMessage());
        IOException again = assertThrows(IOException.class, () -> bean.failing("a"));
        assertEquals("a#1", again.getMessage(), "the cached exception, not a new call");
        assertEquals(1, bean.calls().of("failing"));
        assertInstanceOf(IOException.class, cache("failures").get(key("a")));
        assertFalse(cache("failing").containsKey(key("a")), "no value is cached");

        assertThrows(FileNotFoundException.class, () -> bean.failing("fnf"));
        FileNotFoundException cached = assertThrows(FileNotFoundException.class, () -> bean.failing("fnf"));
        assertEquals("fnf#2", cached.getMessage());
        assertEquals(2, bean.calls().of("failing"));
    }

    @Test
    void cachedAndNonCachedExceptionsSelectWhatIsCached() {
        // cachedExceptions = RuntimeException, nonCachedExceptions = IllegalArgumentException
        assertThrows(IllegalStateException.class, () -> bean.filtered("ise", new IllegalStateException("1")));
        IllegalStateException cached = assertThrows(IllegalStateException.class,
                () -> bean.filtered("ise", new IllegalStateException("2")));
        assertEquals("1", cached.getMessage());
        assertEquals(1, bean.calls().of("filtered:ise"));

        assertThrows(NumberFormatException.class, () -> bean.filtered("nfe", new NumberFormatException("1")));
        NumberFormatException notCached = assertThrows(NumberFormatException.class,
                () -> bean.filtered("nfe", new NumberFormatException("2")));
        assertEquals("2", notCached.getMessage(), "a subclass of a non-cached exception is not cached");
        assertEquals(2, bean.calls().of("filtered:nfe"));
        assertNull(cache("filteredFailures").get(key("nfe")));
    }

    @Test
    void anExceptionTheCacheCannotStoreStillReachesTheCaller() {
        ResultBean.UnserializableFailure e = assertThrows(ResultBean.UnserializableFailure.class,
                () -> bean.throwsUnserializable("u"));
        assertEquals("u#1", e.getMessage());
        assertEquals(1, e.getSuppressed().length, "the failure to cache it is attached");
        assertEquals("u#2", assertThrows(ResultBean.UnserializableFailure.class,
                () -> bean.throwsUnserializable("u")).getMessage());
    }

    @Test
    void withoutAnExceptionCacheNothingIsCached() {
        assertThrows(IllegalStateException.class, () -> bean.throwsUncached("x"));
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> bean.throwsUncached("x"));
        assertEquals("x#2", second.getMessage());
    }

    @Test
    void aDestroyedCacheIsCreatedAgain() {
        assertEquals("d1#1", bean.compute("d", 1));
        Containers.cacheManager().destroyCache("results");
        assertEquals("d1#2", bean.compute("d", 1));
        assertEquals("d1#2", bean.compute("d", 1));
        assertTrue(cache("results").containsKey(key("d", 1)));
    }
}
