package io.quicksilver.core.listener;

/**
 * A running RESP listener on an embedded engine. Closing it stops listening and disconnects its
 * clients; the engine keeps running. Closing twice does nothing.
 */
public interface EmbeddedListener extends AutoCloseable {
    /** The TCP port listened on (the one picked when 0 was asked for). */
    int port();

    /** The addresses listened on and the transport, for logs. */
    String describe();

    @Override
    void close();
}
