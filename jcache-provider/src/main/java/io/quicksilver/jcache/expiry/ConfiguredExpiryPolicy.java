package io.quicksilver.jcache.expiry;

import java.io.Serializable;
import java.util.Objects;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * The expiry of a cache declared by properties ({@code quicksilver.cache.<name>.expiry.created},
 * {@code .accessed}, {@code .modified}): a new entry lives for {@code created} if set, else for
 * the shorter of {@code accessed} and {@code modified}; an access resets it to {@code accessed}
 * and an update to {@code modified} (each only if set).
 */
public final class ConfiguredExpiryPolicy implements ExpiryPolicy, Serializable {
    private static final long serialVersionUID = 1L;

    private final Duration created;
    private final Duration accessed;
    private final Duration modified;

    /** Each may be null (not set). */
    public ConfiguredExpiryPolicy(Duration created, Duration accessed, Duration modified) {
        this.created = created;
        this.accessed = accessed;
        this.modified = modified;
    }

    @Override
    public Duration getExpiryForCreation() {
        if (created != null) {
            return created;
        }
        if (accessed == null) {
            return modified == null ? Duration.ETERNAL : modified;
        }
        if (modified == null) {
            return accessed;
        }
        return shorter(accessed, modified);
    }

    private static Duration shorter(Duration a, Duration b) {
        if (a.isEternal()) {
            return b;
        }
        if (b.isEternal()) {
            return a;
        }
        return a.getTimeUnit().toMillis(a.getDurationAmount()) <= b.getTimeUnit().toMillis(b.getDurationAmount()) ? a : b;
    }

    @Override
    public Duration getExpiryForAccess() {
        return accessed;
    }

    @Override
    public Duration getExpiryForUpdate() {
        return modified;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConfiguredExpiryPolicy)) {
            return false;
        }
        ConfiguredExpiryPolicy other = (ConfiguredExpiryPolicy) o;
        return Objects.equals(created, other.created) && Objects.equals(accessed, other.accessed)
                && Objects.equals(modified, other.modified);
    }

    @Override
    public int hashCode() {
        return Objects.hash(created, accessed, modified);
    }
}
