package io.quicksilver.jcache.event;

import io.quicksilver.core.store.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.event.EventType;

/**
 * Entry events between JVMs sharing a remote store: each change is published on the channel
 * {@code <cache key prefix>__events}, and the messages of other origins are handed to
 * {@link Receiver}. Payload (version 1): {@code [1][origin: 16 bytes][type: 1 byte]
 * [key length: int][key][old length: int, -1 if none][old][new length: int, -1][new]}, the key
 * and values in their codecs' bytes. Listeners in other JVMs hear the change asynchronously.
 */
public final class RemoteEvents implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteEvents.class.getName());
    private static final byte VERSION = 1;

    /** What a message from another JVM turns into. */
    @FunctionalInterface
    public interface Receiver {
        void onEvent(EventType type, byte[] key, byte[] oldValue, byte[] newValue);
    }

    private final Store store;
    private final byte[] channel;
    private final UUID origin = UUID.randomUUID();
    private final Store.Subscription subscription;

    public RemoteEvents(Store store, byte[] cachePrefix, Receiver receiver) {
        this.store = store;
        byte[] suffix = "__events".getBytes(StandardCharsets.US_ASCII);
        this.channel = new byte[cachePrefix.length + suffix.length];
        System.arraycopy(cachePrefix, 0, channel, 0, cachePrefix.length);
        System.arraycopy(suffix, 0, channel, cachePrefix.length, suffix.length);
        this.subscription = store.subscribe(channel, (ch, message) -> receive(message, receiver));
    }

    /** Publishes one change (not EXPIRED: every JVM hears expiries from the store itself). */
    public void publish(EventType type, byte[] key, byte[] oldValue, byte[] newValue) {
        int size = 1 + 16 + 1 + 4 + key.length + 4 + len(oldValue) + 4 + len(newValue);
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.put(VERSION).putLong(origin.getMostSignificantBits()).putLong(origin.getLeastSignificantBits());
        buf.put((byte) type.ordinal());
        buf.putInt(key.length).put(key);
        putBytes(buf, oldValue);
        putBytes(buf, newValue);
        try {
            store.publish(channel, buf.array());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "publishing a cache entry event failed", e);
        }
    }

    private void receive(byte[] message, Receiver receiver) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(message);
            if (buf.get() != VERSION) {
                return;
            }
            if (buf.getLong() == origin.getMostSignificantBits() & buf.getLong() == origin.getLeastSignificantBits()) {
                return;
            }
            EventType type = EventType.values()[buf.get()];
            byte[] key = getBytes(buf);
            byte[] oldValue = getBytes(buf);
            byte[] newValue = getBytes(buf);
            if (key == null) {
                return;
            }
            receiver.onEvent(type, key, oldValue, newValue);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dropped a malformed or failing cache entry event", e);
        }
    }

    private static int len(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void putBytes(ByteBuffer buf, byte[] b) {
        if (b == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(b.length).put(b);
        }
    }

    private static byte[] getBytes(ByteBuffer buf) {
        int n = buf.getInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    @Override
    public void close() {
        subscription.close();
    }
}
