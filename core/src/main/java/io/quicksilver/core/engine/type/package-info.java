/**
 * The values of the collection types (hash, list, set, sorted set...) and their encodings: each
 * implements {@link io.quicksilver.core.engine.TypedValue}.
 *
 * <p>Compact encodings are packed arrays, not Java collections: {@link
 * io.quicksilver.core.engine.type.Listpack} is the shared packed codec (Redis's listpack layout,
 * static functions over a {@code byte[]}). Large encodings avoid a wrapper object per element
 * where they can.
 *
 * <p>Threading: a value is reachable only through its key's entry and is read and written only
 * under that key's segment lock (see {@link io.quicksilver.core.engine}); classes here do no
 * synchronisation of their own. Nullness: parameters and results are non-null unless documented
 * ("or null").
 */
package io.quicksilver.core.engine.type;
