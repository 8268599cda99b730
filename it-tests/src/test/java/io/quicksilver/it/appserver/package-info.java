/**
 * What the application-server tests (Open Liberty, WildFly) share: a server's JVM as a child
 * process (started until its test application answers, stopped, killed, reaped by a shutdown
 * hook), a browser-like HTTP client holding one JSESSIONID cookie, and redis-cli against the
 * store. The servers' own configuration stays in their packages.
 *
 * <p>Nullness: parameters and returns are non-null unless documented. Threading: a
 * {@link io.quicksilver.it.appserver.ServerProcess} and a {@link io.quicksilver.it.appserver.Browser}
 * are driven by one thread at a time; the set of live processes is concurrent.
 */
package io.quicksilver.it.appserver;
