package io.quicksilver.jcache;

import io.quicksilver.core.store.EmbeddedEngines;
import io.quicksilver.core.store.EngineStore;
import io.quicksilver.core.store.Mutation;
import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.StoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Test stand-in for a remote store ({@code fakeremote://<name>}): an embedded engine that
 * behaves as a remote store does for the provider (bytes only, not "embedded"), so the
 * remote-only paths (cross-JVM events, no store-by-reference) run without a server.
 */
public final class FakeRemoteStoreProvider implements StoreProvider {
    @Override
    public boolean accepts(URI uri) {
        return "fakeremote".equals(uri.getScheme());
    }

    @Override
    public Store open(URI uri, Map<String, String> properties) {
        return new Remote(new EngineStore(EmbeddedEngines.engine("fakeremote-" + uri.getHost()), 0), uri);
    }

    private static final class Remote implements Store {
        private final Store d;
        private final URI uri;

        Remote(Store delegate, URI uri) {
            this.d = delegate;
            this.uri = uri;
        }

        private static Object bytes(Object value) {
            if (!(value instanceof byte[])) {
                throw new IllegalArgumentException("a remote store keeps byte[] only, not " + value.getClass());
            }
            return value;
        }

        @Override public Object get(byte[] key) { return d.get(key); }
        @Override public List<Object> getAll(List<byte[]> keys) { return d.getAll(keys); }
        @Override public boolean exists(byte[] key) { return d.exists(key); }
        @Override public void set(byte[] key, Object value, long ttl) { d.set(key, bytes(value), ttl); }
        @Override public Object getAndSet(byte[] key, Object value, long ttl) { return d.getAndSet(key, bytes(value), ttl); }
        @Override public boolean setIfAbsent(byte[] key, Object value, long ttl) { return d.setIfAbsent(key, bytes(value), ttl); }
        @Override public boolean delete(byte[] key) { return d.delete(key); }
        @Override public Object getAndDelete(byte[] key) { return d.getAndDelete(key); }
        @Override public boolean expire(byte[] key, long ttl) { return d.expire(key, ttl); }
        @Override public long ttl(byte[] key) { return d.ttl(key); }
        @Override public <R> R compute(byte[] key, Mutation<R> m) { return d.compute(key, m); }
        @Override public Map<String, byte[]> hgetAll(byte[] key) { return d.hgetAll(key); }
        @Override public byte[] hget(byte[] key, String field) { return d.hget(key, field); }
        @Override public boolean hupdate(byte[] key, Map<String, byte[]> set, Collection<String> delete, long ttl, boolean onlyIfExists) {
            return d.hupdate(key, set, delete, ttl, onlyIfExists);
        }
        @Override public long sadd(byte[] key, Collection<byte[]> members, long ttl) { return d.sadd(key, members, ttl); }
        @Override public long srem(byte[] key, Collection<byte[]> members) { return d.srem(key, members); }
        @Override public List<byte[]> smembers(byte[] key) { return d.smembers(key); }
        @Override public void scan(byte[] prefix, Consumer<byte[]> consumer) { d.scan(prefix, consumer); }
        @Override public long deleteByPrefix(byte[] prefix) { return d.deleteByPrefix(prefix); }
        @Override public long publish(byte[] channel, byte[] message) { return d.publish(channel, message); }
        @Override public Subscription subscribe(byte[] channel, MessageListener l) { return d.subscribe(channel, l); }
        @Override public Subscription onExpired(byte[] prefix, ExpiryListener l) {
            return d.onExpired(prefix, (key, value, evicted) -> l.onExpired(key, null, evicted));
        }
        @Override public boolean ping(Duration timeout) { return d.ping(timeout); }
        @Override public boolean byReference() { return false; }
        @Override public String describe() { return uri.toString(); }
        @Override public void close() { d.close(); }
    }
}
