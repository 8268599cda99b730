/**
 * Open Liberty's {@code sessionCache-1.0} feature with our JCache provider as its JCache provider:
 * real Liberty servers (the openliberty-runtime distribution, unpacked by the build's
 * {@code liberty} profile) sharing HTTP sessions through one Quicksilver server.
 *
 * <p>Nullness: parameters and returns are non-null unless documented. Threading: the servers and
 * the HTTP client are driven by the test thread; server processes are started per test class and
 * stopped (or killed) in {@code @AfterAll}, and by a shutdown hook should the test JVM exit first.
 */
package io.quicksilver.it.liberty;
