package io.quicksilver.jcache.annotation.tck;

import io.quicksilver.jcache.annotation.CacheAnnotationsExtension;
import javax.cache.annotation.BeanProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;

/**
 * The SPI the JSR-107 TCK's annotation tests load (with {@link java.util.ServiceLoader}) to get
 * their beans: a Weld SE container holding the TCK's three blog managers and our extension
 * (Weld SE reads {@code META-INF/services} only when it scans the class path, which it must not
 * do here; CdiDiscoveryTest covers that path). The managers have
 * no bean-defining annotation, so their archive is an "all" one, as the TCK's own beans.xml
 * (which names no mode, written for CDI 1.0) meant. Started on first use; Weld stops it at JVM
 * exit.
 */
public final class WeldBeanProvider implements BeanProvider {
    private static final class Holder {
        static final WeldContainer CONTAINER = new Weld("jsr107-tck-annotations")
                .disableDiscovery()
                .addExtension(new CacheAnnotationsExtension())
                .setBeanDiscoveryMode(BeanDiscoveryMode.ALL)
                .addBeanClasses(ClassLevelCacheConfigBlogManagerImpl.class, CacheNameOnEachMethodBlogManagerImpl.class,
                        UsingDefaultCacheNameBlogManagerImpl.class)
                .initialize();
    }

    @Override
    public <T> T getBeanByType(Class<T> beanClass) {
        return Holder.CONTAINER.select(beanClass).get();
    }
}
