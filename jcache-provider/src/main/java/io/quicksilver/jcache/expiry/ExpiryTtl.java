package io.quicksilver.jcache.expiry;

import io.quicksilver.core.store.Store;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Maps an expiry policy's durations to store TTL arguments: {@link Duration#ETERNAL} is
 * {@link Store#PERSIST}, {@link Duration#ZERO} is {@link #EXPIRED} (creation: not stored;
 * access/update: expire now), a null access or update duration is {@link Store#KEEP_TTL}
 * (unchanged), anything else its milliseconds (at least 1). As the reference implementation, a
 * policy that throws is taken as ETERNAL for a creation and as "unchanged" otherwise.
 */
public final class ExpiryTtl {
    /** The TTL of an entry that must not be kept. */
    public static final long EXPIRED = 0;

    private static final Logger LOG = Logger.getLogger(ExpiryTtl.class.getName());

    private final ExpiryPolicy policy;
    private final boolean eternal;
    private final boolean accessKeeps;
    private final boolean updateKeeps;

    public ExpiryTtl(ExpiryPolicy policy) {
        this.policy = policy;
        Class<?> type = policy.getClass();
        this.eternal = type == EternalExpiryPolicy.class;
        this.accessKeeps = eternal || type == CreatedExpiryPolicy.class || type == ModifiedExpiryPolicy.class;
        this.updateKeeps = eternal || type == CreatedExpiryPolicy.class || type == AccessedExpiryPolicy.class;
    }

    public ExpiryPolicy policy() {
        return policy;
    }

    /** True if entries never expire (the policy is the built-in eternal one). */
    public boolean eternal() {
        return eternal;
    }

    /** True if an access is known never to change the TTL without asking the policy. */
    public boolean accessKeepsTtl() {
        return accessKeeps;
    }

    /** True if an update is known never to change the TTL without asking the policy. */
    public boolean updateKeepsTtl() {
        return updateKeeps;
    }

    /** True if the policy is one of the built-in ones that update to the same TTL as they create. */
    public boolean updateSameAsCreation() {
        Class<?> type = policy.getClass();
        return eternal || type == ModifiedExpiryPolicy.class || type == TouchedExpiryPolicy.class;
    }

    /** The TTL of a new entry: PERSIST, EXPIRED (not stored) or milliseconds. */
    public long creation() {
        Duration d;
        try {
            d = policy.getExpiryForCreation();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expiry policy failed on creation; the entry is eternal", e);
            return Store.PERSIST;
        }
        return d == null ? Store.PERSIST : ttl(d);
    }

    /** The TTL after an update: KEEP_TTL, PERSIST, EXPIRED or milliseconds. */
    public long update() {
        if (updateKeeps) {
            return Store.KEEP_TTL;
        }
        Duration d;
        try {
            d = policy.getExpiryForUpdate();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expiry policy failed on update; TTL unchanged", e);
            return Store.KEEP_TTL;
        }
        return d == null ? Store.KEEP_TTL : ttl(d);
    }

    /** The TTL after an access: KEEP_TTL, PERSIST, EXPIRED or milliseconds. */
    public long access() {
        if (accessKeeps) {
            return Store.KEEP_TTL;
        }
        Duration d;
        try {
            d = policy.getExpiryForAccess();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expiry policy failed on access; TTL unchanged", e);
            return Store.KEEP_TTL;
        }
        return d == null ? Store.KEEP_TTL : ttl(d);
    }

    /** The TTL argument of {@code d}. */
    public static long ttl(Duration d) {
        if (d.isEternal()) {
            return Store.PERSIST;
        }
        if (d.isZero()) {
            return EXPIRED;
        }
        TimeUnit unit = d.getTimeUnit();
        long nanos = unit.toNanos(d.getDurationAmount());
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (TimeUnit.MILLISECONDS.toNanos(millis) < nanos) {
            millis++; // round up: a non-zero duration never means "expired already"
        }
        return Math.max(1, millis);
    }
}
