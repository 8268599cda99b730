package io.quicksilver.session;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request's view of a session: its metadata, its attributes (decoded on first read) and the
 * changes not yet written. {@link SessionRepository#save} writes only those changes (plus what
 * the {@link WriteContents} asks for), so two requests of one session that change different
 * attributes both keep their writes.
 *
 * <p><b>Schema</b> (one hash per session): metadata fields {@value #CREATED}, {@value #ACCESSED}
 * (epoch milliseconds, decimal), {@value #MAX_INACTIVE} (seconds, decimal), {@value #PRINCIPAL}
 * (text, when known); one field per attribute, named as the attribute, except that a name
 * starting with {@code #} gets one more {@code #} in front (so no attribute can collide with a
 * metadata field, which never starts with {@code ##}).
 *
 * <p>Thread-safe (synchronized): threads of one request may share it.
 */
public final class SessionData {
    /** Creation time, epoch ms. */
    public static final String CREATED = "#created";
    /** Start of the last request that accessed the session, epoch ms. */
    public static final String ACCESSED = "#accessed";
    /** Max inactive interval, seconds (0 or less: never expires). */
    public static final String MAX_INACTIVE = "#maxInactive";
    /** The authenticated user, for the principal index. */
    public static final String PRINCIPAL = "#principal";
    /** Until when (epoch ms) the principal index is known to hold this session: it is re-extended after. */
    public static final String INDEXED_UNTIL = "#indexedUntil";

    private static final Logger LOG = Logger.getLogger(SessionData.class.getName());

    private final AttributeCodec codec;
    private String id;
    private final long creationTime;
    private final long lastAccessedTime;
    private long thisAccessedTime;
    private int maxInactiveSeconds;
    private String principal;
    private String storedPrincipal;
    private long indexedUntil;
    private final boolean isNew;
    private boolean stored;
    private boolean metaChanged;
    /** Access time and max inactive interval as last stored (-1 / 0 while not stored). */
    private long savedAccess;
    private int savedMax;
    /** Attribute bytes as last read from or written to the store. */
    private final Map<String, byte[]> storedValues;
    /** Values decoded or set in this request; they take precedence over storedValues. */
    private final Map<String, Object> values = new HashMap<>();
    /** Names set or removed since the last save. */
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Names removed (a subset of dirty). */
    private final Set<String> removed = new HashSet<>();
    /** Names read (decoded) in this request. */
    private final Set<String> read = new HashSet<>();

    private SessionData(AttributeCodec codec, String id, long created, long lastAccessed, long now, int maxInactive,
            String principal, boolean isNew, Map<String, byte[]> storedValues) {
        this.codec = codec;
        this.id = id;
        this.creationTime = created;
        this.lastAccessedTime = lastAccessed;
        this.thisAccessedTime = now;
        this.maxInactiveSeconds = maxInactive;
        this.principal = principal;
        this.storedPrincipal = principal;
        this.isNew = isNew;
        this.stored = !isNew;
        this.storedValues = storedValues;
        this.savedAccess = isNew ? -1 : lastAccessed;
        this.savedMax = isNew ? 0 : maxInactive;
    }

    /** A new session, not yet stored. */
    static SessionData create(AttributeCodec codec, String id, long now, int maxInactive) {
        SessionData d = new SessionData(codec, id, now, now, now, maxInactive, null, true, new HashMap<>());
        d.metaChanged = true;
        return d;
    }

    /**
     * A stored session from its hash fields, accessed at {@code now}, or null when the fields are not
     * a session's (no creation time).
     */
    public static SessionData fromFields(AttributeCodec codec, String id, Map<String, byte[]> fields, long now) {
        byte[] created = fields.get(CREATED);
        if (created == null) {
            return null;
        }
        Map<String, byte[]> attrs = new HashMap<>();
        for (Map.Entry<String, byte[]> f : fields.entrySet()) {
            String name = attributeName(f.getKey());
            if (name != null) {
                attrs.put(name, f.getValue());
            }
        }
        long c = parseLong(created, now);
        SessionData d = new SessionData(codec, id, c, parseLong(fields.get(ACCESSED), c), now,
                (int) parseLong(fields.get(MAX_INACTIVE), 0), text(fields.get(PRINCIPAL)), false, attrs);
        d.indexedUntil = parseLong(fields.get(INDEXED_UNTIL), 0);
        return d;
    }

    /** The hash field of attribute {@code name}. */
    public static String field(String name) {
        return name.startsWith("#") ? "#" + name : name;
    }

    /** The attribute a hash field holds, or null for a metadata field. */
    public static String attributeName(String field) {
        if (field.startsWith("##")) {
            return field.substring(1);
        }
        return field.startsWith("#") ? null : field;
    }

    // ---- metadata ----------------------------------------------------------------------------

    public synchronized String id() {
        return id;
    }

    synchronized void id(String newId) {
        this.id = newId;
    }

    public long creationTime() {
        return creationTime;
    }

    /** The start of the previous request that accessed the session (its creation for a new one). */
    public long lastAccessedTime() {
        return lastAccessedTime;
    }

    /** The start of this request. */
    public synchronized long thisAccessedTime() {
        return thisAccessedTime;
    }

    public synchronized int maxInactiveSeconds() {
        return maxInactiveSeconds;
    }

    public synchronized void maxInactiveSeconds(int seconds) {
        if (seconds != maxInactiveSeconds) {
            maxInactiveSeconds = seconds;
            metaChanged = true;
        }
    }

    /** True if the session was created in this request (the client does not know it yet). */
    public boolean isNew() {
        return isNew;
    }

    /** True once the session exists in the store. */
    public synchronized boolean isStored() {
        return stored;
    }

    public synchronized String principal() {
        return principal;
    }

    /** Sets the user the session belongs to (for the principal index); null for none. */
    public synchronized void principal(String user) {
        if (!Objects.equals(user, principal)) {
            principal = user;
            metaChanged = true;
        }
    }

    /** Until when the principal index is known to hold this session (0: never indexed). */
    synchronized long indexedUntil() {
        return indexedUntil;
    }

    synchronized void indexedUntil(long until) {
        if (until != indexedUntil) {
            indexedUntil = until;
            metaChanged = true;
        }
    }

    // ---- attributes --------------------------------------------------------------------------

    /**
     * The attribute's value, decoded on first read, or null. A value that cannot be decoded (its
     * class missing or changed) is logged and answered as null.
     */
    public synchronized Object get(String name) {
        Object v = peek(name);
        if (v != null) {
            read.add(name);
        }
        return v;
    }

    private Object peek(String name) {
        if (removed.contains(name)) {
            return null;
        }
        Object v = values.get(name);
        if (v != null) {
            return v;
        }
        byte[] b = storedValues.get(name);
        if (b == null) {
            return null;
        }
        try {
            v = codec.decode(b);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "session attribute " + name + " cannot be read; answered as absent", e);
            return null;
        }
        values.put(name, v);
        return v;
    }

    /** Sets an attribute (null removes it); returns the previous value or null. */
    public synchronized Object set(String name, Object value) {
        if (value == null) {
            return remove(name);
        }
        if (!codec.accepts(value)) {
            throw new IllegalArgumentException("session attribute " + name + ": a "
                    + value.getClass().getName() + " cannot be stored (not Serializable)");
        }
        Object old = peek(name);
        values.put(name, value);
        removed.remove(name);
        dirty.add(name);
        return old;
    }

    /** Removes an attribute; returns its value or null. */
    public synchronized Object remove(String name) {
        Object old = peek(name);
        boolean present = old != null || storedValues.containsKey(name) && !removed.contains(name);
        values.remove(name);
        if (present) {
            removed.add(name);
            dirty.add(name);
        }
        return old;
    }

    public synchronized Set<String> names() {
        Set<String> out = new LinkedHashSet<>(storedValues.keySet());
        out.addAll(values.keySet());
        out.removeAll(removed);
        return out;
    }

    /** The names read or set in this request (for tests and plugins). */
    public synchronized Set<String> readNames() {
        return Set.copyOf(read);
    }

    // ---- writing -----------------------------------------------------------------------------

    /** What {@link SessionRepository#save} writes: fields to set and fields to delete. */
    record Delta(Map<String, byte[]> set, List<String> delete, boolean creates) {}

    /** The changes to write under {@code contents}, with the access time and metadata. */
    synchronized Delta delta(WriteContents contents) {
        Map<String, byte[]> set = new LinkedHashMap<>();
        List<String> delete = new java.util.ArrayList<>();
        for (String name : dirty) {
            if (removed.contains(name)) {
                delete.add(field(name));
            } else {
                set.put(field(name), codec.encode(values.get(name)));
            }
        }
        if (contents == WriteContents.GET_AND_SET_ATTRIBUTES) {
            for (String name : read) {
                Object v = values.get(name); // null: removed since it was read
                if (!dirty.contains(name) && v != null && !(v instanceof String)) {
                    byte[] now = codec.encode(v);
                    if (!Arrays.equals(now, storedValues.get(name))) {
                        set.put(field(name), now);
                    }
                }
            }
        } else if (contents == WriteContents.ALL_SESSION_ATTRIBUTES) {
            for (String name : names()) {
                String f = field(name);
                if (!set.containsKey(f)) {
                    Object v = values.get(name);
                    set.put(f, v != null ? codec.encode(v) : storedValues.get(name));
                }
            }
        }
        set.put(ACCESSED, ascii(thisAccessedTime));
        if (!stored || metaChanged) {
            set.put(CREATED, ascii(creationTime));
            set.put(MAX_INACTIVE, ascii(maxInactiveSeconds));
            if (principal != null) {
                set.put(PRINCIPAL, principal.getBytes(StandardCharsets.UTF_8));
            } else if (storedPrincipal != null) {
                delete.add(PRINCIPAL);
            }
            if (indexedUntil > 0) {
                set.put(INDEXED_UNTIL, ascii(indexedUntil));
            }
        }
        return new Delta(set, delete, !stored);
    }

    /**
     * True when a {@link SessionRepository#save} would write more than the access time it wrote
     * last: the session is not stored yet, or was saved with another access time, an attribute
     * was set or removed, its metadata changed, or (with {@code contents} other than
     * {@link WriteContents#ONLY_SET_ATTRIBUTES}) an attribute it would write back serializes
     * differently from what was stored (an object mutated in place).
     */
    public synchronized boolean changedSinceSave(WriteContents contents) {
        return changedSinceSave(contents, 0);
    }

    /**
     * {@link #changedSinceSave(WriteContents)} with a touch interval ({@code touch-interval}): when
     * nothing but the access time changed, true only when the access time written last is at
     * least {@code touchMillis} old, or half the max inactive interval when that is less (so a
     * session in use is never left closer than half its interval to expiring); 0: as without.
     */
    public synchronized boolean changedSinceSave(WriteContents contents, long touchMillis) {
        if (!stored || metaChanged || !dirty.isEmpty() || savedMax != maxInactiveSeconds
                || !Objects.equals(storedPrincipal, principal)) {
            return true;
        }
        if (savedAccess != thisAccessedTime
                && (touchMillis <= 0 || thisAccessedTime - savedAccess >= touchWindow(touchMillis))) {
            return true;
        }
        if (contents == WriteContents.ONLY_SET_ATTRIBUTES) {
            return false;
        }
        Set<String> candidates = contents == WriteContents.GET_AND_SET_ATTRIBUTES ? read : values.keySet();
        for (String name : candidates) {
            Object v = values.get(name);
            if (v != null && !(v instanceof String) && !Arrays.equals(codec.encode(v), storedValues.get(name))) {
                return true;
            }
        }
        return false;
    }

    /** How old the stored access time may get before a request that changes nothing rewrites it. */
    private long touchWindow(long touchMillis) {
        return maxInactiveSeconds > 0 ? Math.min(touchMillis, maxInactiveSeconds * 500L) : touchMillis;
    }

    /** Records that {@code delta} was written: the written bytes become the stored ones. */
    synchronized void saved(Delta delta) {
        for (Map.Entry<String, byte[]> f : delta.set().entrySet()) {
            String name = attributeName(f.getKey());
            if (name != null) {
                storedValues.put(name, f.getValue());
            }
        }
        for (String f : delta.delete()) {
            String name = attributeName(f);
            if (name != null) {
                storedValues.remove(name);
            }
        }
        dirty.clear();
        removed.clear();
        stored = true;
        metaChanged = false;
        storedPrincipal = principal;
        savedAccess = thisAccessedTime;
        savedMax = maxInactiveSeconds;
    }

    /** The hash fields as last stored (attributes as stored, metadata as saved); empty if never stored. */
    synchronized Map<String, byte[]> storedFields() {
        Map<String, byte[]> out = new HashMap<>();
        if (!stored) {
            return out;
        }
        storedValues.forEach((name, b) -> out.put(field(name), b));
        out.put(CREATED, ascii(creationTime));
        out.put(ACCESSED, ascii(savedAccess));
        out.put(MAX_INACTIVE, ascii(savedMax));
        if (storedPrincipal != null) {
            out.put(PRINCIPAL, storedPrincipal.getBytes(StandardCharsets.UTF_8));
        }
        if (indexedUntil > 0) {
            out.put(INDEXED_UNTIL, ascii(indexedUntil));
        }
        return out;
    }

    /** When the stored session expires (epoch ms), by what was last stored; -1 if not stored or never. */
    synchronized long storedDeadline() {
        return stored && savedAccess >= 0 && savedMax > 0 ? savedAccess + savedMax * 1000L : -1;
    }

    /** The principal as last stored (the index entry to remove when it changes). */
    synchronized String storedPrincipal() {
        return storedPrincipal;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    private static long parseLong(byte[] b, long dflt) {
        if (b == null) {
            return dflt;
        }
        try {
            return Long.parseLong(new String(b, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

}
