package io.quicksilver.jcache;

import io.quicksilver.jcache.codec.Codec;
import io.quicksilver.jcache.codec.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    private static final byte[] NO_PREFIX = new byte[0];
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
        return encode(key, NO_PREFIX);
    }

    /**
     * The store key of {@code key}: the codec's bytes behind {@code prefix}, in one array, or the
     * id of a key the codec cannot encode. The id table is consulted only once it holds a key, and
     * never for a String or simple type: the codec always encodes those, and their equals is that
     * of their text, so no key in the table can equal one.
     */
    @Override
    public byte[] encode(K key, byte[] prefix) {
        String id = anyIds && !Codecs.isText(key) ? ids.get(key) : null;
        if (id == null) {
            try {
                return codec.encode(key, prefix);
            } catch (CacheException e) {
                id = ids.computeIfAbsent(key, k -> "#r:" + next.incrementAndGet());
                anyIds = true;
                keys.putIfAbsent(id, key);
            }
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + id.length());
        System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, out, prefix.length, id.length());
        return out;
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
