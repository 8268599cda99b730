package io.quicksilver.jcache.expiry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.store.Store;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;

class ExpiryTtlTest {
    @Test
    void durationsBecomeTtlArguments() {
        assertEquals(Store.PERSIST, ExpiryTtl.ttl(Duration.ETERNAL));
        assertEquals(ExpiryTtl.EXPIRED, ExpiryTtl.ttl(Duration.ZERO));
        assertEquals(1, ExpiryTtl.ttl(new Duration(TimeUnit.MILLISECONDS, 1)));
        assertEquals(30_000, ExpiryTtl.ttl(new Duration(TimeUnit.SECONDS, 30)));
        assertEquals(600_000, ExpiryTtl.ttl(new Duration(TimeUnit.MINUTES, 10)));
        assertEquals(86_400_000L * 365, ExpiryTtl.ttl(new Duration(TimeUnit.DAYS, 365)));
    }

    @Test
    void builtInPoliciesMapAsTheSpecSays() {
        Duration d = new Duration(TimeUnit.SECONDS, 5);
        ExpiryTtl created = new ExpiryTtl(CreatedExpiryPolicy.factoryOf(d).create());
        assertEquals(5000, created.creation());
        assertEquals(Store.KEEP_TTL, created.update());
        assertEquals(Store.KEEP_TTL, created.access());

        ExpiryTtl accessed = new ExpiryTtl(AccessedExpiryPolicy.factoryOf(d).create());
        assertEquals(5000, accessed.creation());
        assertEquals(Store.KEEP_TTL, accessed.update());
        assertEquals(5000, accessed.access());

        ExpiryTtl modified = new ExpiryTtl(ModifiedExpiryPolicy.factoryOf(d).create());
        assertEquals(5000, modified.update());
        assertEquals(Store.KEEP_TTL, modified.access());
        assertTrue(modified.updateSameAsCreation());

        ExpiryTtl touched = new ExpiryTtl(TouchedExpiryPolicy.factoryOf(d).create());
        assertEquals(5000, touched.access());
        assertEquals(5000, touched.update());

        ExpiryTtl eternal = new ExpiryTtl(new EternalExpiryPolicy());
        assertTrue(eternal.eternal());
        assertEquals(Store.PERSIST, eternal.creation());
        assertEquals(Store.KEEP_TTL, eternal.access());
    }

    @Test
    void zeroMeansNotStoredOrExpireNowAndNullMeansUnchanged() {
        ExpiryTtl zero = new ExpiryTtl(new Fixed(Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertEquals(ExpiryTtl.EXPIRED, zero.creation());
        assertEquals(ExpiryTtl.EXPIRED, zero.access());
        assertEquals(ExpiryTtl.EXPIRED, zero.update());
        ExpiryTtl nulls = new ExpiryTtl(new Fixed(null, null, null));
        assertEquals(Store.PERSIST, nulls.creation());
        assertEquals(Store.KEEP_TTL, nulls.access());
        assertEquals(Store.KEEP_TTL, nulls.update());
    }

    @Test
    void aFailingPolicyIsEternalOnCreationAndUnchangedOtherwise() {
        ExpiryTtl failing = new ExpiryTtl(new ExpiryPolicy() {
            @Override
            public Duration getExpiryForCreation() {
                throw new IllegalStateException("boom");
            }

            @Override
            public Duration getExpiryForAccess() {
                throw new IllegalStateException("boom");
            }

            @Override
            public Duration getExpiryForUpdate() {
                throw new IllegalStateException("boom");
            }
        });
        assertEquals(Store.PERSIST, failing.creation());
        assertEquals(Store.KEEP_TTL, failing.access());
        assertEquals(Store.KEEP_TTL, failing.update());
    }

    private static final class Fixed implements ExpiryPolicy {
        private final Duration creation;
        private final Duration access;
        private final Duration update;

        Fixed(Duration creation, Duration access, Duration update) {
            this.creation = creation;
            this.access = access;
            this.update = update;
        }

        @Override
        public Duration getExpiryForCreation() {
            return creation;
        }

        @Override
        public Duration getExpiryForAccess() {
            return access;
        }

        @Override
        public Duration getExpiryForUpdate() {
            return update;
        }
    }
}
