package io.quicksilver.it;

/** A running RESP server on 127.0.0.1 that a test talks to, stopped by {@link #close()}. */
public interface Endpoint extends AutoCloseable {
    int port();

    /** What it is, for messages ("quicksilver 127.0.0.1:port", "redis-server ..."). */
    String description();

    /** A new raw client to it. */
    default RespClient client() {
        return new RespClient(port());
    }

    @Override
    void close();
}
