package io.quicksilver.core.pubsub;

import io.quicksilver.core.util.Glob;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels, patterns and shard channels, and who listens on them. Thread-safe, lock-free for
 * publishers: PUBLISH reads concurrent maps and calls each subscriber once.
 *
 * <p>Channel names are wrapped in {@link ByteBuffer}s (value equality over the bytes); the bytes
 * given to {@code subscribe} must not be changed afterwards.
 */
public final class PubSub {
    private final Map<ByteBuffer, Set<Subscriber>> channels = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, Set<Subscriber>> patterns = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, Set<Subscriber>> shardChannels = new ConcurrentHashMap<>();

    /** Returns true if the subscriber was not already on the channel. */
    public boolean subscribe(byte[] channel, Subscriber s) {
        return add(channels, channel, s);
    }

    public boolean unsubscribe(byte[] channel, Subscriber s) {
        return remove(channels, channel, s);
    }

    public boolean psubscribe(byte[] pattern, Subscriber s) {
        return add(patterns, pattern, s);
    }

    public boolean punsubscribe(byte[] pattern, Subscriber s) {
        return remove(patterns, pattern, s);
    }

    public boolean ssubscribe(byte[] channel, Subscriber s) {
        return add(shardChannels, channel, s);
    }

    public boolean sunsubscribe(byte[] channel, Subscriber s) {
        return remove(shardChannels, channel, s);
    }

    /** Delivers to channel and pattern subscribers; returns how many received it. */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Subscriber> direct = channels.get(ByteBuffer.wrap(channel));
        if (direct != null) {
            for (Subscriber s : direct) {
                s.message(channel, message);
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<ByteBuffer, Set<Subscriber>> e : patterns.entrySet()) {
                byte[] pattern = e.getKey().array();
                if (Glob.matches(pattern, channel, false)) {
                    for (Subscriber s : e.getValue()) {
                        s.patternMessage(pattern, channel, message);
                        receivers++;
                    }
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: delivers to shard-channel subscribers only. */
    public long spublish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Subscriber> direct = shardChannels.get(ByteBuffer.wrap(channel));
        if (direct != null) {
            for (Subscriber s : direct) {
                s.shardMessage(channel, message);
                receivers++;
            }
        }
        return receivers;
    }

    /** True when someone listens on a channel or on any pattern (keyspace events check this). */
    public boolean hasListeners() {
        return !channels.isEmpty() || !patterns.isEmpty();
    }

    /** Active channels matching {@code pattern} (null: all), for PUBSUB CHANNELS. */
    public List<byte[]> channels(byte[] pattern) {
        return names(channels, pattern);
    }

    public List<byte[]> shardChannels(byte[] pattern) {
        return names(shardChannels, pattern);
    }

    public long subscribers(byte[] channel) {
        Set<Subscriber> set = channels.get(ByteBuffer.wrap(channel));
        return set == null ? 0 : set.size();
    }

    public long shardSubscribers(byte[] channel) {
        Set<Subscriber> set = shardChannels.get(ByteBuffer.wrap(channel));
        return set == null ? 0 : set.size();
    }

    /** PUBSUB NUMPAT: the number of distinct patterns subscribed to. */
    public long patternCount() {
        return patterns.size();
    }

    private static List<byte[]> names(Map<ByteBuffer, Set<Subscriber>> map, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (ByteBuffer b : map.keySet()) {
            byte[] name = b.array();
            if (pattern == null || Glob.matches(pattern, name, false)) {
                out.add(name);
            }
        }
        return out;
    }

    private static boolean add(Map<ByteBuffer, Set<Subscriber>> map, byte[] name, Subscriber s) {
        boolean[] added = {false};
        map.compute(ByteBuffer.wrap(name), (k, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
            }
            added[0] = set.add(s);
            return set;
        });
        return added[0];
    }

    private static boolean remove(Map<ByteBuffer, Set<Subscriber>> map, byte[] name, Subscriber s) {
        boolean[] removed = {false};
        map.computeIfPresent(ByteBuffer.wrap(name), (k, set) -> {
            removed[0] = set.remove(s);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }
}
