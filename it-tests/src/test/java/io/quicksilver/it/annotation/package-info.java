/**
 * The JSR-107 CDI annotations of quicksilver-jcache in a CDI container (Weld through
 * Arquillian's weld-embedded adapter, in its own failsafe execution), with the cached entries
 * read back over RESP.
 *
 * <p>Nullness: non-null unless documented. Threading: tests are sequential; the stampede test
 * uses its own threads.
 */
package io.quicksilver.it.annotation;
