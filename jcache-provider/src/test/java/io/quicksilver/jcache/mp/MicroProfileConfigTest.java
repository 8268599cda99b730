package io.quicksilver.jcache.mp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import io.quicksilver.jcache.configuration.PropertiesConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's keys read through MicroProfile Config (SmallRye here), and the fallbacks when
 * its API or an implementation is missing.
 */
class MicroProfileConfigTest {
    private static final String FROM_FILE = "quicksilver.cache.mp-test-only.expiry.created";
    private static final String SYSPROP = "quicksilver.cache.mp-test-sysprop.statistics";

    /**
     * A class loader whose META-INF/microprofile-config.properties declares a cache (not one on
     * the test class path: every manager of this module's tests and of the TCK would create it).
     */
    private static URLClassLoader application;

    @BeforeAll
    static void application(@TempDir Path dir) throws IOException {
        Path meta = Files.createDirectories(dir.resolve("META-INF"));
        Files.writeString(meta.resolve("microprofile-config.properties"),
                FROM_FILE + "=PT5M\nquicksilver.jcache.prefix=mp:\n", StandardCharsets.ISO_8859_1);
        application = new URLClassLoader(new URL[] {dir.toUri().toURL()}, MicroProfileConfigTest.class.getClassLoader());
    }

    @AfterAll
    static void close() throws IOException {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(application));
        application.close();
    }

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

    @Test
    void theProvidersConfigurationFindsCachesDeclaredInMicroprofileConfig() {
        System.setProperty(SYSPROP, "true");
        releaseConfig();
        Properties given = new Properties();
        given.setProperty("quicksilver.cache.given.store-by-value", "false");
        PropertiesConfig config = MicroProfileConfig.config(given, loader());
        assertEquals(java.util.Set.of("given", "mp-test-only", "mp-test-sysprop"), config.declaredCaches());
        assertEquals("mp:", config.prefix());
        assertTrue(config.cacheConfiguration("mp-test-sysprop").isStatisticsEnabled());
        assertEquals(false, config.cacheConfiguration("given").isStoreByValue());
        // the expiry of the file's cache: 5 minutes after creation
        assertEquals(new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.MINUTES, 5),
                config.cacheConfiguration("mp-test-only").getExpiryPolicyFactory().create().getExpiryForCreation());
        // without MicroProfile Config's file: defaults
        assertEquals("jcache:", MicroProfileConfig.config(null, MicroProfileConfigTest.class.getClassLoader()).prefix());
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
        return application;
    }

    /** SmallRye keeps one Config per class loader: drop it so a new system property is seen. */
    private static void releaseConfig() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(loader()));
    }
}
