/**
 * The portable session filter on an embedded Servlet 6 container (Jetty 12 ee10 through
 * Arquillian), over the embedded store and over our server.
 *
 * <p>Nullness: non-null unless documented. Threading: tests are sequential; the concurrent-request
 * test uses its own threads.
 */
package io.quicksilver.it.session;
