package io.quicksilver.jcache;

import io.quicksilver.jcache.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.CacheException;

/**
 * Keys of a store-by-reference cache: encoded by the key codec when it can, else (a key that is
 * not serializable) given an id {@code #r:<n>} in a table kept for the life of the cache, so any
 * object with equals/hashCode can be a key, as by-reference caches promise.
 */
final class ReferenceKeys<K> implements Codec<K> {
    private static final byte[] TAG = "#r:".getBytes(StandardCharsets.US_ASCII);

    private final Codec<K> codec;
    private final Map<Object, String> ids = new ConcurrentHashMap<>();
    private final Map<String, K> keys = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private volatile boolean anyIds;

    ReferenceKeys(Codec<K> codec) {
        this.codec = codec;
    }

    @Override
    public byte[] encode(K key) {
        // most caches never meet an unserializable key: skip the table lookup (a hash of the key) until one did
        String id = anyIds ? ids.get(key) : null;
        if (id == null) {
            try {
                return codec.encode(key);
            } catch (CacheException e) {
                id = ids.computeIfAbsent(key, k -> "#r:" + next.incrementAndGet());
                anyIds = true;
                keys.putIfAbsent(id, key);
            }
        }
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public K decode(byte[] bytes) {
        if (bytes.length > TAG.length && bytes[0] == TAG[0] && bytes[1] == TAG[1] && bytes[2] == TAG[2]) {
            K key = keys.get(new String(bytes, StandardCharsets.US_ASCII));
            if (key != null) {
                return key;
            }
        }
        return codec.decode(bytes);
    }
}
