/**
 * A small web application whose sessions live in a Quicksilver store shared by several servers:
 * a visit counter and a login name, readable on any server with the same cookie and with
 * {@code redis-cli HGETALL}.
 *
 * <p>Nullness: parameters and results are non-null unless documented otherwise. Threading: the
 * servlet is stateless and called concurrently by the container.
 */
package io.quicksilver.samples.session;
