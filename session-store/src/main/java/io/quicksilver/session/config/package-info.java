/**
 * Where {@code quicksilver.session.*} settings come from: MicroProfile Config when its API and an
 * implementation are present, else system properties and environment variables. No class here
 * but {@code MpLookup} names a MicroProfile type, and that one is loaded only once the API was
 * found, so the module runs without it.
 *
 * <p>Nullness: non-null unless documented. Threading: stateless, thread-safe.
 */
package io.quicksilver.session.config;
