package io.quicksilver.core.engine;

/** The Redis data types, with the names TYPE prints, and by-reference Java objects. */
public enum ValueType {
    STRING("string"),
    LIST("list"),
    SET("set"),
    ZSET("zset"),
    HASH("hash"),
    STREAM("stream"),
    /**
     * A Java object held by reference, stored in-process through the embedded
     * {@link io.quicksilver.core.store.Store} ({@link io.quicksilver.core.engine.type.ObjectRef}):
     * no Redis command reads or writes it, but DEL, EXPIRE, TTL, TYPE, SCAN, COPY and OBJECT
     * see it as any key.
     */
    OBJECT("java-object");

    private final String redisName;

    ValueType(String redisName) {
        this.redisName = redisName;
    }

    /** The name TYPE answers and SCAN TYPE takes. */
    public String redisName() {
        return redisName;
    }

    public static ValueType of(Object value) {
        if (value instanceof byte[] || value instanceof MutableString) {
            return STRING;
        }
        if (value instanceof TypedValue t) {
            return t.type();
        }
        throw new IllegalStateException("not a value: " + value);
    }

    /** The type named as TYPE prints it, or null. */
    public static ValueType byName(String name) {
        for (ValueType t : values()) {
            if (t.redisName.equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }
}
