package io.quicksilver.jcache.configuration;

import io.quicksilver.jcache.codec.Codec;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;

/**
 * A {@link MutableConfiguration} that may also name the {@link Codec}s of the keys and values
 * (by default {@link io.quicksilver.jcache.codec.Codecs#forType} of the declared types). The
 * codecs do not take part in {@code equals}.
 */
public class QuicksilverConfiguration<K, V> extends MutableConfiguration<K, V> {
    private static final long serialVersionUID = 1L;

    private Factory<? extends Codec<K>> keyCodecFactory;
    private Factory<? extends Codec<V>> valueCodecFactory;

    public QuicksilverConfiguration() {
    }

    /** A copy of {@code configuration} (with its codecs if it is one of ours). */
    public QuicksilverConfiguration(Configuration<K, V> configuration) {
        super(complete(configuration));
        if (configuration instanceof QuicksilverConfiguration) {
            QuicksilverConfiguration<K, V> ours = (QuicksilverConfiguration<K, V>) configuration;
            this.keyCodecFactory = ours.keyCodecFactory;
            this.valueCodecFactory = ours.valueCodecFactory;
        }
    }

    private static <K, V> CompleteConfiguration<K, V> complete(Configuration<K, V> configuration) {
        if (configuration instanceof CompleteConfiguration) {
            return (CompleteConfiguration<K, V>) configuration;
        }
        return new MutableConfiguration<K, V>()
                .setTypes(configuration.getKeyType(), configuration.getValueType())
                .setStoreByValue(configuration.isStoreByValue());
    }

    /** The codec factory of the keys, or null for the default. */
    public Factory<? extends Codec<K>> getKeyCodecFactory() {
        return keyCodecFactory;
    }

    /** Sets the codec of the keys (null: the default for the key type). */
    public QuicksilverConfiguration<K, V> setKeyCodecFactory(Factory<? extends Codec<K>> factory) {
        this.keyCodecFactory = factory;
        return this;
    }

    /** The codec factory of the values, or null for the default. */
    public Factory<? extends Codec<V>> getValueCodecFactory() {
        return valueCodecFactory;
    }

    /** Sets the codec of the values (null: the default for the value type). */
    public QuicksilverConfiguration<K, V> setValueCodecFactory(Factory<? extends Codec<V>> factory) {
        this.valueCodecFactory = factory;
        return this;
    }
}
