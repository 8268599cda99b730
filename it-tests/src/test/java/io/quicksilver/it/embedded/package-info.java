/**
 * The RESP listener an embedded JCache application switches on with {@code quicksilver.server.port}:
 * redis-cli's view of the live cache, through a real client.
 *
 * <p>Threading: tests run one at a time. Nullness: non-null unless documented.
 */
package io.quicksilver.it.embedded;
