package io.quicksilver.core.engine.type;

import io.quicksilver.core.engine.TypedValue;
import io.quicksilver.core.engine.ValueType;
import java.util.Objects;

/**
 * A Java object stored by reference (JCache store-by-reference through the embedded
 * {@link io.quicksilver.core.store.Store}): the engine keeps the reference, never copies,
 * serialises or looks into the object. TYPE answers {@code java-object}, OBJECT ENCODING
 * {@code reference}; string and collection commands answer WRONGTYPE; DEL, EXPIRE, TTL, SCAN,
 * RENAME, MOVE and COPY treat it as any key (COPY gives the copy a holder of its own for the
 * same object: the copy and the original hold the same object).
 *
 * <p>The holder of one key: a write of another object to a key that holds one replaces the
 * object in this holder ({@link #replace}, called by the engine's segment under the key's lock,
 * which marks the change for optimistic readers), so a by-reference put allocates no holder and
 * does not write the entry. A holder is never shared by two keys, and once its key is gone
 * nobody changes it again. It keeps the size estimate of its object, so replacing the object
 * need not read the old one. Whether the object itself may change is the application's business
 * (the engine does not synchronise on it).
 */
public final class ObjectRef implements TypedValue {
    /** Header and fields of this holder. */
    private static final long SELF = 24;
    /** What an object the estimate cannot size is counted as: a small object's shallow size. */
    static final long OPAQUE = 64;

    private Object value;
    /** {@link #estimate} of {@link #value}. */
    private long size;

    /**
     * @param value the object; a {@code byte[]} is stored as a string instead and is not wrapped
     *              by the store (any object is accepted here all the same)
     */
    public ObjectRef(Object value) {
        this.value = Objects.requireNonNull(value, "value");
        this.size = estimate(value);
    }

    /** The object, as stored. */
    public Object value() {
        return value;
    }

    /**
     * Replaces the object held. Only the engine's segment calls this, with the key's segment lock
     * held and the change marked for optimistic readers; nobody else may.
     *
     * @param value the new object
     * @return how many bytes the estimate ({@link #memoryUsage()}) changed by
     */
    public long replace(Object value) {
        long s = estimate(Objects.requireNonNull(value, "value"));
        long delta = s - size;
        this.value = value;
        this.size = s;
        return delta;
    }

    @Override
    public ValueType type() {
        return ValueType.OBJECT;
    }

    @Override
    public String encoding() {
        return "reference";
    }

    /**
     * An estimate that does not walk the object graph (that would cost a write more than the
     * write itself): the holder, plus the shallow size of a String or a primitive array (their
     * contents included), of a boxed primitive, or {@value #OPAQUE} bytes for anything else.
     */
    @Override
    public long memoryUsage() {
        return SELF + size;
    }

    static long estimate(Object v) {
        if (v instanceof String s) {
            return 24 + align(16 + (long) s.length() * 2); // the coder may use 1 byte a char: an upper bound
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Character) {
            return 24;
        }
        if (v instanceof long[] a) {
            return align(16 + 8L * a.length);
        }
        if (v instanceof int[] a) {
            return align(16 + 4L * a.length);
        }
        if (v instanceof char[] a) {
            return align(16 + 2L * a.length);
        }
        if (v instanceof double[] a) {
            return align(16 + 8L * a.length);
        }
        if (v instanceof Object[] a) {
            return align(16 + 4L * a.length) + OPAQUE * a.length;
        }
        return OPAQUE;
    }

    private static long align(long n) {
        return (n + 7) & ~7L;
    }

    /** COPY: a holder of its own for the same object (a holder is changed in place, so never shared). */
    @Override
    public TypedValue copy() {
        return new ObjectRef(value);
    }

    @Override
    public String toString() {
        return "ObjectRef[" + value.getClass().getName() + "]";
    }
}
