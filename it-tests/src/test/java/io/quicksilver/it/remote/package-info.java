/**
 * Black-box tests of the remote store (quicksilver-remote) against our server, redis-server and a
 * Redis Cluster of redis-server processes.
 *
 * <p>Nullness: parameters and returns are non-null unless documented. Threading: each test uses
 * its stores from its own thread, except where a test races threads on purpose; servers are
 * started per test class (or class invocation) and stopped after it.
 */
package io.quicksilver.it.remote;
