/**
 * Cache entry events: the listener registrations of a cache, filters, synchronous and
 * asynchronous delivery ({@link io.quicksilver.jcache.event.EventDispatcher}), and the
 * cross-JVM channel used with a remote store ({@link io.quicksilver.jcache.event.RemoteEvents}).
 *
 * <p>Nullness: parameters are non-null unless documented; event values may be null where the
 * JCache API allows. Threading: dispatchers are thread-safe; synchronous listeners run on the
 * thread that made the change, asynchronous ones on one thread per registration (in order).
 */
package io.quicksilver.jcache.event;
