/**
 * Entry processors: {@link io.quicksilver.jcache.processor.ProcessorEntry} is the MutableEntry an
 * EntryProcessor sees and records what it did (access, create, load, update, remove), which the
 * cache then writes in the same atomic {@code Store#compute}.
 *
 * <p>Nullness: values may be null where the MutableEntry API allows. Threading: an entry is
 * confined to the thread running the processor.
 */
package io.quicksilver.jcache.processor;
