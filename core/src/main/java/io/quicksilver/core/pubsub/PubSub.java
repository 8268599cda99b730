package io.quicksilver.core.pubsub;

import io.quicksilver.core.util.Glob;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The channels, patterns and shard channels, and who listens on them (Redis's
 * server.pubsub_channels, pubsub_patterns and pubsubshard_channels). Thread-safe, lock-free for
 * publishers: PUBLISH reads concurrent maps and calls each subscriber once per matching
 * subscription.
 *
 * <p><b>Never takes a segment lock.</b> Keyspace notifications publish from inside a command,
 * while the changing thread holds the key's segment lock; publishing therefore only reads
 * concurrent maps and calls {@link Subscriber}s, which must not block nor call back into the
 * engine (an in-process subscriber that needs to do either is wrapped in
 * {@link HandOffSubscriber}). A subscriber that throws is logged and skipped: the change that
 * fired the event has already happened and the other subscribers still get it.
 *
 * <p>Channel names are wrapped in {@link ByteBuffer}s (value equality over the bytes); the bytes
 * given to {@code subscribe} must not be changed afterwards.
 */
public final class PubSub {
    private static final Logger LOG = Logger.getLogger(PubSub.class.getName());

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

    /**
     * PUBLISH: delivers {@code message} to the subscribers of {@code channel}, then to the
     * subscribers of every pattern that matches it (a subscriber of both gets it twice, as in
     * Redis). Returns how many deliveries were made.
     *
     * @param channel the channel name (not kept)
     * @param message the payload (passed to subscribers as is: they must not change it)
     */
    public long publish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Subscriber> direct = channels.get(ByteBuffer.wrap(channel));
        if (direct != null) {
            for (Subscriber s : direct) {
                try {
                    s.message(channel, message);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "subscriber " + s + " failed", e);
                }
                receivers++;
            }
        }
        if (!patterns.isEmpty()) {
            for (Map.Entry<ByteBuffer, Set<Subscriber>> e : patterns.entrySet()) {
                byte[] pattern = e.getKey().array();
                if (Glob.matches(pattern, channel, false)) {
                    for (Subscriber s : e.getValue()) {
                        try {
                            s.patternMessage(pattern, channel, message);
                        } catch (RuntimeException ex) {
                            LOG.log(Level.WARNING, "subscriber " + s + " failed", ex);
                        }
                        receivers++;
                    }
                }
            }
        }
        return receivers;
    }

    /** SPUBLISH: delivers to shard-channel subscribers only (patterns do not apply). */
    public long spublish(byte[] channel, byte[] message) {
        long receivers = 0;
        Set<Subscriber> direct = shardChannels.get(ByteBuffer.wrap(channel));
        if (direct != null) {
            for (Subscriber s : direct) {
                try {
                    s.shardMessage(channel, message);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "subscriber " + s + " failed", e);
                }
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

    /** Active shard channels matching {@code pattern} (null: all), for PUBSUB SHARDCHANNELS. */
    public List<byte[]> shardChannels(byte[] pattern) {
        return names(shardChannels, pattern);
    }

    /** PUBSUB NUMSUB: subscribers of one channel (pattern subscribers not counted). */
    public long subscribers(byte[] channel) {
        Set<Subscriber> set = channels.get(ByteBuffer.wrap(channel));
        return set == null ? 0 : set.size();
    }

    /** PUBSUB SHARDNUMSUB: subscribers of one shard channel. */
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
