package io.quicksilver.jcache.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * The listeners of one cache. Synchronous listeners are called before the operation returns;
 * an exception they throw reaches the caller as a {@link CacheEntryListenerException} (an
 * {@link Error} as it is). Asynchronous ones are called on the registration's own thread, in the
 * order of the events.
 */
public final class EventDispatcher<K, V> {
    private final Cache<K, V> source;
    private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

    public EventDispatcher(Cache<K, V> source) {
        this.source = source;
    }

    /**
     * Creates the listener (and filter) of {@code configuration} and starts delivering to it.
     *
     * @throws IllegalArgumentException if the same configuration is registered already
     */
    public synchronized void register(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration<K, V> r : registrations) {
            if (r.configuration.equals(configuration)) {
                throw new IllegalArgumentException("listener configuration already registered");
            }
        }
        registrations.add(new Registration<>(configuration, "quicksilver-jcache-listener-" + source.getName()));
    }

    /** Stops delivering to {@code configuration}'s listener; false if it was not registered. */
    public synchronized boolean deregister(CacheEntryListenerConfiguration<K, V> configuration) {
        for (Registration<K, V> r : registrations) {
            if (r.configuration.equals(configuration)) {
                registrations.remove(r);
                r.close();
                return true;
            }
        }
        return false;
    }

    /** True if any listener is registered. */
    public boolean active() {
        return !registrations.isEmpty();
    }

    /** True if some listener takes {@code type} events and asked for old values. */
    public boolean oldValueRequired(EventType type) {
        for (Registration<K, V> r : registrations) {
            if (r.oldValueRequired() && r.wants(type)) {
                return true;
            }
        }
        return false;
    }

    /** True if some listener takes {@code type} events. */
    public boolean wants(EventType type) {
        for (Registration<K, V> r : registrations) {
            if (r.wants(type)) {
                return true;
            }
        }
        return false;
    }

    public void created(K key, V value) {
        fire(EventType.CREATED, key, value, null);
    }

    public void updated(K key, V value, V oldValue) {
        fire(EventType.UPDATED, key, value, oldValue);
    }

    public void removed(K key, V oldValue) {
        fire(EventType.REMOVED, key, oldValue, oldValue);
    }

    public void expired(K key, V oldValue) {
        fire(EventType.EXPIRED, key, oldValue, oldValue);
    }

    /**
     * Delivers one event to every listener of its type that passes its filter.
     *
     * @param value    the new value (CREATED, UPDATED) or the old one (REMOVED, EXPIRED), may be null
     * @param oldValue the old value (UPDATED, REMOVED, EXPIRED) or null if unknown
     */
    public void fire(EventType type, K key, V value, V oldValue) {
        if (registrations.isEmpty()) {
            return;
        }
        List<RuntimeException> failures = null;
        for (Registration<K, V> r : registrations) {
            if (!r.wants(type)) {
                continue;
            }
            boolean withOld = r.oldValueRequired() && oldValue != null && type != EventType.CREATED;
            V shownValue = value;
            if ((type == EventType.REMOVED || type == EventType.EXPIRED) && !withOld) {
                shownValue = null;
            }
            QuicksilverEntryEvent<K, V> event = new QuicksilverEntryEvent<>(
                    source, type, key, shownValue, withOld ? oldValue : null, withOld);
            try {
                if (r.accepts(event)) {
                    r.deliver(event);
                }
            } catch (RuntimeException e) {
                if (!r.synchronous()) {
                    throw e;
                }
                if (failures == null) {
                    failures = new ArrayList<>(1);
                }
                failures.add(e);
            }
        }
        if (failures != null) {
            RuntimeException first = failures.get(0);
            if (first instanceof CacheEntryListenerException) {
                throw first;
            }
            throw new CacheEntryListenerException("a cache entry listener failed: " + first, first);
        }
    }

    /** Deregisters every listener (waiting for the asynchronous ones to drain). */
    public synchronized void close() {
        for (Registration<K, V> r : registrations) {
            r.close();
        }
        registrations.clear();
    }
}
