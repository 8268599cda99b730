/**
 * The JSR-107 TCK run against the JCache provider in remote mode: the server it talks to is
 * started here, in the test JVM. Nullness: non-null unless documented. Threading: the launcher
 * calls the session listener from one thread, at the start and end of the run.
 */
package io.quicksilver.it.tck;
