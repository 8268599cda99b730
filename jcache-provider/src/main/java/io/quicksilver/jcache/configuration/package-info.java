/**
 * Configuration: {@link io.quicksilver.jcache.configuration.QuicksilverConfiguration} (the JCache
 * MutableConfiguration plus the codecs) and
 * {@link io.quicksilver.jcache.configuration.PropertiesConfig}, which reads the
 * {@code quicksilver.jcache.*} and {@code quicksilver.cache.<name>.*} properties through a lookup
 * function (Properties and System properties today, MicroProfile Config later).
 *
 * <p>Nullness: parameters are non-null unless documented. Threading: configurations are not
 * thread-safe while being built; PropertiesConfig is immutable.
 */
package io.quicksilver.jcache.configuration;
