package io.quicksilver.jcache.annotation.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import domain.Blog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import javax.cache.annotation.BeanProvider;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import org.jsr107.tck.annotation.AbstractInterceptionTest;
import org.junit.jupiter.api.Test;

/**
 * The TCK's annotation tests count themselves as passed when they cannot load a
 * {@link BeanProvider} (they print "Failed to load BeanProvider SPI impl", or nothing at all when
 * none is registered). This test fails in both cases, and checks that the beans it gets are
 * really intercepted, so a green TCK run means the tests ran.
 */
class AnnotationTckGuardTest {
    @Test
    void theTckFindsOurBeanProvider() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Class.forName(AbstractInterceptionTest.class.getName(), true, AbstractInterceptionTest.class.getClassLoader());
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        err.print(log);
        assertTrue(!log.contains("Failed to load BeanProvider SPI impl"), log);

        Field field = AbstractInterceptionTest.class.getDeclaredField("beanProvider");
        field.setAccessible(true);
        assertInstanceOf(WeldBeanProvider.class, field.get(null),
                "the TCK's annotation tests would all be skipped and counted as passed");
        assertInstanceOf(WeldBeanProvider.class, ServiceLoader.load(BeanProvider.class).iterator().next());
    }

    @Test
    void itsBeansAreIntercepted() {
        ClassLevelCacheConfigBlogManagerImpl manager =
                new WeldBeanProvider().getBeanByType(ClassLevelCacheConfigBlogManagerImpl.class);
        String title = "guard " + System.nanoTime();
        manager.createEntry(new Blog(title, "body"));
        assertEquals("body", manager.getEntryCached(title).getBody());
        manager.clearEntry(title);
        Blog cached = manager.getEntryCached(title);
        assertNotNull(cached, "@CacheResult did not cache: the interceptor is not active");
        assertEquals("body", cached.getBody());
        manager.clearEntryFromCache(title);
        assertNull(manager.getEntryCached(title), "@CacheRemove did not remove");
    }
}
