/**
 * The application {@code CacheAnnotationsIT} deploys: a bean using the JSR-107 annotations.
 *
 * <p>Nullness: non-null unless documented. Threading: the bean is application-scoped and
 * thread-safe (its counters are concurrent).
 */
package io.quicksilver.it.annotation.app;
