/**
 * The Quicksilver RESP server: {@link io.quicksilver.server.QuicksilverServer} (programmatic),
 * {@link io.quicksilver.server.Main} (command line, as redis-server's).
 *
 * <p>Threading: QuicksilverServer is thread-safe; its listener runs on Netty event loops.
 * Nullness: parameters and results are non-null unless documented ("or null").
 */
package io.quicksilver.server;
