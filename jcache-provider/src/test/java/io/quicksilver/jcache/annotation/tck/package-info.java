/**
 * The harness the JSR-107 TCK's annotation tests run through (a Weld SE
 * {@link javax.cache.annotation.BeanProvider}) and the guard that they really ran. Non-null;
 * the container is shared by the TCK's tests, which run one at a time.
 */
package io.quicksilver.jcache.annotation.tck;
