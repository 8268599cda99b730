/** Pub/sub channels, patterns and shard channels. Thread-safe; non-null unless documented. */
package io.quicksilver.core.pubsub;
