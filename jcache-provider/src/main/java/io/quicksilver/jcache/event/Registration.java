package io.quicksilver.jcache.event;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** One registered listener: its configuration, instance, filter and (if asynchronous) its thread. */
final class Registration<K, V> {
    private static final Logger LOG = Logger.getLogger(Registration.class.getName());

    final CacheEntryListenerConfiguration<K, V> configuration;
    private final CacheEntryListener<? super K, ? super V> listener;
    private final CacheEntryEventFilter<? super K, ? super V> filter;
    private final ExecutorService executor;

    Registration(CacheEntryListenerConfiguration<K, V> configuration, String threadName) {
        this.configuration = configuration;
        this.listener = configuration.getCacheEntryListenerFactory().create();
        Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
                configuration.getCacheEntryEventFilterFactory();
        this.filter = filterFactory == null ? null : filterFactory.create();
        this.executor = configuration.isSynchronous() ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    boolean oldValueRequired() {
        return configuration.isOldValueRequired();
    }

    boolean synchronous() {
        return executor == null;
    }

    /** True if the listener implements the interface of {@code type}. */
    boolean wants(EventType type) {
        switch (type) {
            case CREATED:
                return listener instanceof CacheEntryCreatedListener;
            case UPDATED:
                return listener instanceof CacheEntryUpdatedListener;
            case REMOVED:
                return listener instanceof CacheEntryRemovedListener;
            case EXPIRED:
                return listener instanceof CacheEntryExpiredListener;
            default:
                return false;
        }
    }

    /** True if the filter (if any) passes {@code event}. */
    boolean accepts(CacheEntryEvent<K, V> event) {
        return filter == null || filter.evaluate(event);
    }

    /** Calls the listener now (synchronous) or queues it (asynchronous); the future is done when delivered. */
    Future<?> deliver(CacheEntryEvent<K, V> event) {
        if (executor == null) {
            call(event);
            return null;
        }
        return executor.submit(() -> {
            try {
                call(event);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "an asynchronous cache entry listener failed", e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private void call(CacheEntryEvent<K, V> event) {
        Iterable<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
        switch (event.getEventType()) {
            case CREATED:
                ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
                break;
            case UPDATED:
                ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
                break;
            case REMOVED:
                ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
                break;
            case EXPIRED:
                ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
                break;
            default:
                break;
        }
    }

    /** Stops the thread (after what is queued) and closes the listener and filter if closeable. */
    void close() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(listener);
        closeQuietly(filter);
    }

    private static void closeQuietly(Object o) {
        if (o instanceof Closeable || o instanceof AutoCloseable) {
            try {
                ((AutoCloseable) o).close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
            }
        }
    }
}
