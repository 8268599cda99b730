package io.quicksilver.core.pubsub;

/**
 * Something that receives published messages: a RESP connection, or an in-process listener.
 * Methods are called on the publisher's thread and must not block: a connection enqueues the
 * message (and enforces its output buffer limit), an in-process listener hands off.
 */
public interface Subscriber {
    /** A message on a channel this subscriber subscribed to. */
    void message(byte[] channel, byte[] message);

    /** A message on a channel matching a pattern this subscriber subscribed to. */
    void patternMessage(byte[] pattern, byte[] channel, byte[] message);

    /** A message on a shard channel (SSUBSCRIBE). */
    void shardMessage(byte[] channel, byte[] message);
}
