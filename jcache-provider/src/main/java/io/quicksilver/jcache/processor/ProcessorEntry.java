package io.quicksilver.jcache.processor;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The entry an EntryProcessor works on. It starts with the stored value (or none), may load one
 * through read-through on {@link #getValue()}, and records the processor's last intent in
 * {@link #operation()}.
 */
public final class ProcessorEntry<K, V> implements MutableEntry<K, V> {
    /** What the processor did, as far as the cache must act on it. */
    public enum Operation {
        /** Nothing, or only looked at a missing entry. */
        NONE,
        /** Read an existing entry. */
        ACCESS,
        /** Loaded a missing entry through the CacheLoader and did not change it. */
        LOAD,
        /** Set the value of a missing entry. */
        CREATE,
        /** Set the value of an existing entry. */
        UPDATE,
        /** Removed the entry. */
        REMOVE
    }

    private final K key;
    private final V original;
    private final Function<K, V> loader;
    private V value;
    private Operation operation = Operation.NONE;

    /**
     * @param original the stored value, or null if absent
     * @param loader   loads a missing value (read-through), or null
     */
    public ProcessorEntry(K key, V original, Function<K, V> loader) {
        this.key = key;
        this.original = original;
        this.value = original;
        this.loader = loader;
    }

    @Override
    public K getKey() {
        return key;
    }

    @Override
    public V getValue() {
        if (operation == Operation.NONE) {
            if (value == null && loader != null) {
                value = loader.apply(key);
                if (value != null) {
                    operation = Operation.LOAD;
                }
            } else if (value != null) {
                operation = Operation.ACCESS;
            }
        }
        return value;
    }

    @Override
    public boolean exists() {
        return value != null;
    }

    @Override
    public void remove() {
        value = null;
        // removing what this processor created or loaded leaves the entry as it was: absent
        operation = original == null && (operation == Operation.CREATE || operation == Operation.LOAD)
                ? Operation.NONE : Operation.REMOVE;
    }

    @Override
    public void setValue(V newValue) {
        Objects.requireNonNull(newValue, "value");
        value = newValue;
        operation = original == null ? Operation.CREATE : Operation.UPDATE;
    }

    /** The processor's last intent. */
    public Operation operation() {
        return operation;
    }

    /** The value to store (CREATE, UPDATE, LOAD), or null. */
    public V value() {
        return value;
    }

    /** The stored value the processor started from, or null. */
    public V original() {
        return original;
    }

    @Override
    public <T> T unwrap(Class<T> clazz) {
        if (clazz.isInstance(this)) {
            return clazz.cast(this);
        }
        throw new IllegalArgumentException("cannot unwrap a MutableEntry to " + clazz.getName());
    }
}
