package io.quicksilver.jcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.jcache.annotation.discovery.DiscoveredBean;
import io.quicksilver.jcache.annotation.discovery.NotABean;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jboss.weld.resources.ClassLoaderResourceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The way an application meets the extension: Weld scans the class path, finds the extension
 * through its {@code META-INF/services} entry (our classes have no beans.xml), and the
 * application's archive has a beans.xml that names no discovery mode, which CDI 4 reads as
 * "annotated". No beans.xml entry enables the interceptors.
 */
class CdiDiscoveryTest {
    @TempDir
    Path archive;

    @Test
    void anAnnotatedArchiveGetsTheInterceptorsFromTheServiceEntryAlone() throws Exception {
        Files.createDirectories(archive.resolve("META-INF"));
        Files.writeString(archive.resolve("META-INF/beans.xml"), """
                <beans xmlns="https://jakarta.ee/xml/ns/jakartaee"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/beans_4_0.xsd"
                       version="4.0">
                </beans>
                """);
        copyClass(DiscoveredBean.class);
        copyClass(NotABean.class);
        Containers.clearAll();
        DiscoveredBean.CALLS.set(0);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {archive.toUri().toURL()}, getClass().getClassLoader());
                WeldContainer container = new Weld("discovery")
                        .setResourceLoader(new ClassLoaderResourceLoader(loader))
                        .property("org.jboss.weld.se.archive.isolation", false)
                        .initialize()) {
            assertTrue(container.select(NotABean.class).isUnsatisfied(), "an annotated archive, not an all one");
            DiscoveredBean bean = container.select(DiscoveredBean.class).get();
            assertEquals("a#1", bean.value("a"));
            assertEquals("a#1", bean.value("a"), "intercepted");
            assertEquals(1, DiscoveredBean.CALLS.get());
        }
    }

    private void copyClass(Class<?> type) throws Exception {
        String resource = type.getName().replace('.', '/') + ".class";
        Path target = archive.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }
}
