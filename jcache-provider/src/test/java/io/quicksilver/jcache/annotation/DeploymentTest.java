package io.quicksilver.jcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.jcache.annotation.beans.ResultBean;
import io.quicksilver.jcache.annotation.beans.SessionBean;
import io.quicksilver.jcache.annotation.invalid.PutWithoutValue;
import io.quicksilver.jcache.annotation.invalid.TwoAnnotations;
import io.quicksilver.jcache.annotation.invalid.ValueOnResult;
import jakarta.enterprise.inject.spi.InterceptionType;
import java.util.List;
import javax.cache.annotation.CacheResult;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** What the extension does to a deployment: bindings, interceptors, checks. */
class DeploymentTest {
    @Test
    void theFourAnnotationsAreBindingsWhoseMembersDoNotBind() throws Exception {
        try (WeldContainer c = Containers.start("bindings", ResultBean.class)) {
            var bm = c.getBeanManager();
            for (CacheOperation op : CacheOperation.values()) {
                assertTrue(bm.isInterceptorBinding(op.annotationType()), op.toString());
            }
            // an annotation with attribute values still resolves the one interceptor
            CacheResult withValues = ResultBean.class.getMethod("failing", String.class).getAnnotation(CacheResult.class);
            var interceptors = bm.resolveInterceptors(InterceptionType.AROUND_INVOKE, withValues);
            assertEquals(List.of(CacheResultInterceptor.class),
                    interceptors.stream().map(i -> i.getBeanClass()).toList());
        }
    }

    @Test
    void whenOurJarIsAlsoScannedEachInterceptorRunsOnce() throws Exception {
        try (WeldContainer c = Containers.start("scanned-twice", ResultBean.class, CacheResultInterceptor.class,
                CachePutInterceptor.class, CacheRemoveInterceptor.class, CacheRemoveAllInterceptor.class)) {
            CacheResult annotation = ResultBean.class.getMethod("skipGet", String.class).getAnnotation(CacheResult.class);
            assertEquals(1, c.getBeanManager().resolveInterceptors(InterceptionType.AROUND_INVOKE, annotation).size());
        }
    }

    @Test
    void aBeanOfAPassivatingScopeCanUseTheAnnotations() {
        try (WeldContainer c = Containers.start("passivating", SessionBean.class)) {
            assertTrue(c.isRunning());
        }
    }

    @Test
    void misusesFailTheDeployment() {
        assertFails(PutWithoutValue.class, "@CachePut needs exactly one @CacheValue parameter");
        assertFails(TwoAnnotations.class, "only one of @CacheResult, @CachePut, @CacheRemove, @CacheRemoveAll");
        assertFails(ValueOnResult.class, "@CacheValue is only for @CachePut methods");
    }

    private static void assertFails(Class<?> bean, String message) {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Containers.start("invalid-" + bean.getSimpleName(), bean).close());
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            for (Throwable s : t.getSuppressed()) {
                all.append(s.getMessage()).append('\n');
            }
        }
        assertTrue(all.toString().contains(message), all.toString());
    }
}
