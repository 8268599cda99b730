/**
 * WildFly with Quicksilver sessions: the quicksilver-wildfly module installed in a real WildFly
 * (the wildfly-dist distribution, unpacked by the build's {@code wildfly} profile) as a global
 * module, two servers sharing HTTP sessions through one Quicksilver server.
 *
 * <p>Nullness: parameters and returns are non-null unless documented. Threading: the servers and
 * the HTTP client are driven by the test thread; server processes are started per test class and
 * stopped (or killed) in {@code @AfterAll}, and by a shutdown hook should the test JVM exit first.
 */
package io.quicksilver.it.wildfly;
