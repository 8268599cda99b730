/**
 * Classes that CdiDiscoveryTest copies into a scanned bean archive whose beans.xml names no
 * discovery mode ("annotated" in CDI 4). Non-null; counters are thread-safe.
 */
package io.quicksilver.jcache.annotation.discovery;
