package io.quicksilver.jcache.annotation;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * The portable extension that makes the JSR-107 annotations work on jakarta CDI 4. Before bean
 * discovery it declares {@code @CacheResult}, {@code @CachePut}, {@code @CacheRemove} and
 * {@code @CacheRemoveAll} interceptor bindings whose members are all non-binding (the
 * annotations carry {@code javax.enterprise.util.Nonbinding}, which CDI 4 does not know, and
 * without which every attribute value would need its own interceptor), and adds the four
 * interceptors, which {@code @Priority} enables for the whole application. It checks every
 * discovered type using the annotations and fails deployment on a misuse (two cache
 * annotations on one method, {@code @CachePut} without exactly one {@code @CacheValue},
 * {@code @CacheValue} elsewhere). Registered in
 * {@code META-INF/services/jakarta.enterprise.inject.spi.Extension}.
 *
 * <p>Thread-safe: a container may deliver its type events on several threads; after deployment
 * the state it holds for the interceptors is shared by every call.
 */
public class CacheAnnotationsExtension implements Extension {
    private static final List<Class<? extends CacheInterceptorSupport>> INTERCEPTORS = List.of(
            CacheResultInterceptor.class, CachePutInterceptor.class,
            CacheRemoveInterceptor.class, CacheRemoveAllInterceptor.class);

    // Weld may deliver ProcessAnnotatedType events on several threads at once
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Set<Class<?>> interceptorsSeen = ConcurrentHashMap.newKeySet();
    private final SingleFlight singleFlight = new SingleFlight();
    private volatile Instances instances;
    private volatile CacheMethods cacheMethods;

    void declareBindingsAndInterceptors(@Observes BeforeBeanDiscovery event) {
        for (CacheOperation op : CacheOperation.values()) {
            event.configureInterceptorBinding(op.annotationType()).methods()
                    .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
        }
        for (Class<? extends CacheInterceptorSupport> interceptor : INTERCEPTORS) {
            event.addAnnotatedType(interceptor, CacheAnnotationsExtension.class.getName() + "." + interceptor.getSimpleName());
        }
    }

    /**
     * Our interceptors are added above; if the jar is also scanned as a bean archive (a
     * {@code beans.xml} added to it, or an "all" discovery), a second copy of each would intercept
     * every call again: only the first of each class is kept.
     */
    void keepOneOfEachInterceptor(@Observes ProcessAnnotatedType<? extends CacheInterceptorSupport> event) {
        if (!interceptorsSeen.add(event.getAnnotatedType().getJavaClass())) {
            event.veto();
        }
    }

    <T> void checkUse(@Observes @WithAnnotations({CacheResult.class, CachePut.class, CacheRemove.class,
            CacheRemoveAll.class}) ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (type.isAnnotationPresent(Interceptor.class) || type.isInterface()) {
            return;
        }
        for (AnnotatedMethod<? super T> method : event.getAnnotatedType().getMethods()) {
            problems.addAll(CacheAnnotations.problems(method.getJavaMember(), type));
        }
    }

    void reportProblems(@Observes AfterBeanDiscovery event) {
        for (String problem : problems) {
            event.addDefinitionError(new DefinitionException(problem));
        }
        problems.clear();
    }

    void start(@Observes AfterDeploymentValidation event, BeanManager beanManager) {
        Instances i = new Instances(beanManager);
        instances = i;
        cacheMethods = new CacheMethods(new CacheMethodParser(i));
    }

    void stop(@Observes BeforeShutdown event) {
        Instances i = instances;
        if (i != null) {
            i.close();
        }
    }

    CacheMethods cacheMethods() {
        CacheMethods m = cacheMethods;
        if (m == null) {
            throw new IllegalStateException("a cache interceptor was called before the deployment was validated");
        }
        return m;
    }

    SingleFlight singleFlight() {
        return singleFlight;
    }
}
