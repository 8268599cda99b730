/**
 * Pub/sub: channels, patterns and shard channels ({@link io.quicksilver.core.pubsub.PubSub}),
 * the {@link io.quicksilver.core.pubsub.Subscriber} interface that RESP clients and in-process
 * listeners implement, and {@link io.quicksilver.core.pubsub.HandOffSubscriber} for in-process
 * listeners that must run off the publisher's thread.
 *
 * <p>Threading: everything here is thread-safe; publishing takes no lock of the engine (it may
 * run under a segment lock, from a keyspace notification). Nullness: non-null unless documented.
 */
package io.quicksilver.core.pubsub;
