package io.quicksilver.core.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A {@link Reply} that builds Java values, for tests: simple and bulk strings become
 * {@code String} (UTF-8), errors {@link Err}, integers {@code Long}, nulls {@code null}, arrays
 * and pushes {@code List}, sets {@code Set}, maps {@code Map}, doubles {@code Double}, booleans
 * {@code Boolean}. Each top-level value is added to {@link #values()}.
 */
public final class RecordingReply implements Reply {

    /** An error reply. */
    public record Err(String message) {
        @Override
        public String toString() {
            return "(error) " + message;
        }
    }

    private final int protocol;
    private final List<Object> values = new ArrayList<>();
    private final Deque<Object[]> stack = new ArrayDeque<>(); // {collection, remaining, pendingKey}

    public RecordingReply(int protocol) {
        this.protocol = protocol;
    }

    public List<Object> values() {
        return values;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @SuppressWarnings("unchecked")
    private void add(Object v) {
        if (stack.isEmpty()) {
            values.add(v);
            return;
        }
        Object[] top = stack.peek();
        if (top[0] instanceof Map) {
            Map<Object, Object> m = (Map<Object, Object>) top[0];
            if (top[2] == null) {
                top[2] = new Object[] {v};
                return;
            }
            m.put(((Object[]) top[2])[0], v);
            top[2] = null;
        } else {
            ((java.util.Collection<Object>) top[0]).add(v);
        }
        top[1] = (Integer) top[1] - 1;
        if ((Integer) top[1] == 0) {
            stack.pop();
            add(top[0]);
        }
    }

    private void open(Object collection, int n) {
        if (n == 0) {
            add(collection);
        } else {
            stack.push(new Object[] {collection, n, null});
        }
    }

    @Override public void simple(String status) { add(status); }
    @Override public void error(String message) { add(new Err(message)); }
    @Override public void integer(long value) { add(value); }
    @Override public void bulk(byte[] value) { add(new String(value, StandardCharsets.UTF_8)); }
    @Override public void bulk(byte[] value, int offset, int length) {
        add(new String(value, offset, length, StandardCharsets.UTF_8));
    }
    @Override public void nullBulk() { add(null); }
    @Override public void nullArray() { add(null); }
    @Override public void array(int length) { open(new ArrayList<>(), length); }
    @Override public void map(int pairs) { open(new LinkedHashMap<>(), pairs); }
    @Override public void set(int length) { open(new LinkedHashSet<>(), length); }
    @Override public void push(int length) { open(new ArrayList<>(), length); }
    @Override public void doubleValue(double value) { add(value); }
    @Override public void bool(boolean value) { add(value); }
    @Override public void verbatim(String format, byte[] value) { bulk(value); }
    @Override public void bigNumber(String digits) { add(new java.math.BigInteger(digits)); }
}
