package io.quicksilver.core.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A reply written now and replayed later into another {@link Reply}: a blocked client is served
 * on the thread that made its data ready, and the reply reaches its connection afterwards.
 */
final class RecordedReply implements Reply, Consumer<Reply> {
    private final int protocol;
    private final List<Consumer<Reply>> ops = new ArrayList<>();

    RecordedReply(int protocol) {
        this.protocol = protocol;
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Replays every recorded call into {@code target}. */
    @Override
    public void accept(Reply target) {
        for (Consumer<Reply> op : ops) {
            op.accept(target);
        }
    }

    @Override public void simple(String status) { ops.add(r -> r.simple(status)); }
    @Override public void error(String message) { ops.add(r -> r.error(message)); }
    @Override public void integer(long value) { ops.add(r -> r.integer(value)); }
    @Override public void bulk(byte[] value) { ops.add(r -> r.bulk(value)); }
    @Override public void bulk(byte[] value, int offset, int length) {
        byte[] copy = java.util.Arrays.copyOfRange(value, offset, offset + length);
        ops.add(r -> r.bulk(copy));
    }
    @Override public void nullBulk() { ops.add(Reply::nullBulk); }
    @Override public void nullArray() { ops.add(Reply::nullArray); }
    @Override public void array(int length) { ops.add(r -> r.array(length)); }
    @Override public void map(int pairs) { ops.add(r -> r.map(pairs)); }
    @Override public void set(int length) { ops.add(r -> r.set(length)); }
    @Override public void push(int length) { ops.add(r -> r.push(length)); }
    @Override public void doubleValue(double value) { ops.add(r -> r.doubleValue(value)); }
    @Override public void bool(boolean value) { ops.add(r -> r.bool(value)); }
    @Override public void verbatim(String format, byte[] value) { ops.add(r -> r.verbatim(format, value)); }
    @Override public void bigNumber(String digits) { ops.add(r -> r.bigNumber(digits)); }
    @Override public int protocol() { return protocol; }
}
