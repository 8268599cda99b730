package io.quicksilver.jcache.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider's keys read through MicroProfile Config (SmallRye here), and the fallbacks when
 * its API or an implementation is missing.
 */
class MicroProfileConfigTest {
    private static final String FROM_FILE = "quicksilver.cache.mp-test-only.expiry.created"; // in src/test/resources
    private static final String SYSPROP = "quicksilver.cache.mp-test-sysprop.statistics";

    @AfterEach
    void reset() {
        System.clearProperty(SYSPROP);
        releaseConfig();
    }

    @Test
    void readsMicroprofileConfigPropertiesSystemPropertiesAndEnvironment() {
        System.setProperty(SYSPROP, "true");
        releaseConfig();
        Function<String, Optional<String>> lookup = MicroProfileConfig.lookup(loader()).orElseThrow();
        assertEquals(Optional.of("PT5M"), lookup.apply(FROM_FILE));
        assertEquals(Optional.of("true"), lookup.apply(SYSPROP));
        // MicroProfile's environment naming: PATH answers "path"
        assertEquals(Optional.ofNullable(System.getenv("PATH")), lookup.apply("path"));
        assertEquals(Optional.empty(), lookup.apply("quicksilver.cache.nobody-configured-this.statistics"));
    }

    @Test
    void givenPropertiesComeFirstThenMicroprofileConfig() {
        Properties given = new Properties();
        given.setProperty(FROM_FILE, "PT1S");
        Function<String, Optional<String>> lookup = MicroProfileConfig.standard(given, loader());
        assertEquals(Optional.of("PT1S"), lookup.apply(FROM_FILE));
        System.setProperty(SYSPROP, "false");
        releaseConfig();
        lookup = MicroProfileConfig.standard(given, loader());
        assertEquals(Optional.of("false"), lookup.apply(SYSPROP));
        assertEquals(Optional.empty(), MicroProfileConfig.standard(null, loader()).apply("quicksilver.jcache.nothing"));
        // later changes to the given Properties do not leak in
        given.setProperty(SYSPROP, "changed");
        assertEquals(Optional.of("false"), lookup.apply(SYSPROP));
    }

    @Test
    void withoutMicroprofileSystemPropertiesAndEnvironmentAsMicroprofileNamesThem() {
        System.setProperty(SYSPROP, "yes");
        assertEquals(Optional.of("yes"), MicroProfileConfig.systemOrEnvironment(SYSPROP));
        assertEquals(Optional.ofNullable(System.getenv("PATH")), MicroProfileConfig.systemOrEnvironment("path"));
        assertEquals(Optional.empty(), MicroProfileConfig.systemOrEnvironment("quicksilver.jcache.nothing"));
    }

    /** The API absent: loaded where only our classes are visible, nothing fails to link. */
    @Test
    void withoutTheApiTheLookupFallsBackWithoutLinkageErrors() throws Exception {
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {ourClasses()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> c = Class.forName(MicroProfileConfig.class.getName(), true, isolated);
            assertEquals(isolated, c.getClassLoader());
            assertEquals(Optional.empty(), c.getMethod("lookup", ClassLoader.class).invoke(null, isolated));
            System.setProperty(SYSPROP, "from-system");
            @SuppressWarnings("unchecked")
            Function<String, Optional<String>> lookup = (Function<String, Optional<String>>) c
                    .getMethod("standard", Properties.class, ClassLoader.class).invoke(null, null, isolated);
            assertEquals(Optional.of("from-system"), lookup.apply(SYSPROP));
        }
    }

    /** The API without an implementation (no ConfigProviderResolver): the same fallback. */
    @Test
    void withTheApiButNoImplementationTheLookupFallsBack() throws Exception {
        URL api = ConfigProvider.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {ourClasses(), api},
                ClassLoader.getPlatformClassLoader())) {
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(isolated);
            try {
                Class<?> c = Class.forName(MicroProfileConfig.class.getName(), true, isolated);
                Method apiPresent = c.getDeclaredMethod("apiPresent");
                apiPresent.setAccessible(true);
                assertTrue((Boolean) apiPresent.invoke(null));
                assertEquals(Optional.empty(), c.getMethod("lookup", ClassLoader.class).invoke(null, isolated));
            } finally {
                t.setContextClassLoader(before);
            }
        }
    }

    private static URL ourClasses() {
        return MicroProfileConfig.class.getProtectionDomain().getCodeSource().getLocation();
    }

    private static ClassLoader loader() {
        return MicroProfileConfigTest.class.getClassLoader();
    }

    /** SmallRye keeps one Config per class loader: drop it so a new system property is seen. */
    private static void releaseConfig() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader()));
    }
}
