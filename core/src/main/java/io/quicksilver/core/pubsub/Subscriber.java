package io.quicksilver.core.pubsub;

/**
 * Something that receives published messages: a RESP connection, or an in-process listener.
 *
 * <p>Methods are called on the publisher's thread, and for keyspace notifications that thread
 * holds the changed key's segment lock. So an implementation must not block and must not call
 * back into the engine (run a command, lock keys): a connection enqueues the message (and
 * enforces its output buffer limit); an in-process listener that needs more is wrapped in a
 * {@link HandOffSubscriber}, which runs it on an executor. The byte arrays must not be modified.
 */
public interface Subscriber {
    /** A message on a channel this subscriber subscribed to. */
    void message(byte[] channel, byte[] message);

    /** A message on a channel matching a pattern this subscriber subscribed to. */
    void patternMessage(byte[] pattern, byte[] channel, byte[] message);

    /** A message on a shard channel (SSUBSCRIBE). */
    void shardMessage(byte[] channel, byte[] message);
}
