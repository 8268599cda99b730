package io.quicksilver.jcache.annotation;

import static io.quicksilver.jcache.annotation.Containers.cache;
import static io.quicksilver.jcache.annotation.Containers.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quicksilver.jcache.annotation.beans.CachePrefix;
import io.quicksilver.jcache.annotation.beans.ClassLevelBean;
import io.quicksilver.jcache.annotation.beans.CustomBean;
import io.quicksilver.jcache.annotation.beans.DefaultsBean;
import io.quicksilver.jcache.annotation.beans.PrefixingResolverFactory;
import java.util.List;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User resolver factories and key generators, named on the method or in {@code @CacheDefaults};
 * a factory that is a CDI bean comes from the container, any other class from its no-argument
 * constructor. And a cache annotation on the class.
 */
class CustomizationTest {
    private static WeldContainer container;

    @BeforeAll
    static void start() {
        container = Containers.start("customization", CustomBean.class, DefaultsBean.class,
                PrefixingResolverFactory.class, CachePrefix.class, ClassLevelBean.class);
    }

    @AfterAll
    static void stop() {
        container.close();
    }

    @BeforeEach
    void reset() {
        Containers.clearAll();
        DefaultsBean.CALLS.reset();
    }

    @Test
    void aKeyGeneratorNamedOnTheMethodMakesTheKey() {
        CustomBean bean = container.select(CustomBean.class).get();
        assertEquals("a#1", bean.upper("a"));
        assertEquals("a#1", bean.upper("A"), "UpperCaseKeyGenerator: same key");
        assertEquals("a#1", cache("upper").get(key("A")));
    }

    @Test
    void aResolverFactoryThatIsABeanComesFromTheContainerAndIsAskedOncePerMethod() {
        CustomBean bean = container.select(CustomBean.class).get();
        assertEquals("x#1", bean.viaFactory("x"));
        assertEquals("x#1", bean.viaFactory("x"));
        assertEquals("y#2", bean.viaFactory("y"));
        assertEquals("x#1", cache("custom-viaFactory").get(key("x")), "its injected prefix was used");
        assertNull(cache("viaFactory"));
        List<String> asked = container.select(PrefixingResolverFactory.class).get().asked();
        assertEquals(1, asked.stream().filter(a -> a.equals("viaFactory viaFactory")).count(), asked.toString());
    }

    @Test
    void cacheDefaultsGiveNameFactoryAndGeneratorUnlessTheMethodSaysOtherwise() {
        DefaultsBean bean = container.select(DefaultsBean.class).get();
        assertEquals("q#1", bean.fromDefaults("q"));
        assertEquals("q#1", bean.fromDefaults("Q"));
        assertNotNull(cache("custom-defaultsCache").get(key("Q")));

        assertEquals("r#1", bean.overridden("r"));
        assertEquals("R#2", bean.overridden("R"), "the method's default generator");
        assertEquals("r#1", cache("custom-own").get(key("r")), "the method's name, the defaults' factory");

        assertEquals("s#1", bean.explicitDefaults("s"));
        assertEquals("s#1", bean.explicitDefaults("S"));
        assertEquals("s#1", cache("custom-defaultsCache").get(key("S")));
    }

    @Test
    void aClassLevelAnnotationAppliesToMethodsWithoutTheirOwn() {
        ClassLevelBean bean = container.select(ClassLevelBean.class).get();
        ClassLevelBean.CALLS.reset();
        assertEquals("a#1", bean.value("a"));
        assertEquals("a#1", bean.value("a"));
        assertEquals("a#1", cache("classLevel").get(key("a")));
        bean.clear();
        assertEquals(1, ClassLevelBean.CALLS.of("clear"), "the method's own @CacheRemoveAll, not the class's @CacheResult");
        assertEquals("a#2", bean.value("a"));
    }
}
