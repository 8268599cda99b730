/**
 * Start-up configuration as redis-server takes it (command line, redis.conf with include) plus
 * MicroProfile Config ({@code quicksilver.*} keys via SmallRye Config, no CDI), and the network
 * parameters the server registers in the node's configuration registry.
 *
 * <p>Threading: loading happens on the starting thread; {@link io.quicksilver.server.config.ServerSettings}
 * values are volatile and read by event loops. Nullness: non-null unless documented.
 */
package io.quicksilver.server.config;
