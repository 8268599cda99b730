package io.quicksilver.core.command;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RecordingReply} that also remembers which values were verbatim strings and their
 * format (INFO, CLIENT LIST, LATENCY DOCTOR answer "txt" verbatim strings in RESP3).
 */
final class VerbatimProbe implements Reply {
    final RecordingReply inner;
    final List<String> formats = new ArrayList<>();

    VerbatimProbe(int protocol) {
        inner = new RecordingReply(protocol);
    }

    /** Runs a command as {@code c} and returns its one reply. */
    static VerbatimProbe run(CommandHarness h, Client c, String... args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        VerbatimProbe p = new VerbatimProbe(c.protocol);
        h.node.dispatcher().execute(c, a, p);
        return p;
    }

    Object value() {
        if (inner.values().size() != 1) {
            throw new AssertionError("expected one reply, got " + inner.values());
        }
        return inner.values().get(0);
    }

    @Override public void simple(String status) { inner.simple(status); }
    @Override public void error(String message) { inner.error(message); }
    @Override public void integer(long value) { inner.integer(value); }
    @Override public void bulk(byte[] value) { inner.bulk(value); }
    @Override public void bulk(byte[] value, int offset, int length) { inner.bulk(value, offset, length); }
    @Override public void nullBulk() { inner.nullBulk(); }
    @Override public void nullArray() { inner.nullArray(); }
    @Override public void array(int length) { inner.array(length); }
    @Override public void map(int pairs) { inner.map(pairs); }
    @Override public void set(int length) { inner.set(length); }
    @Override public void push(int length) { inner.push(length); }
    @Override public void doubleValue(double value) { inner.doubleValue(value); }
    @Override public void bool(boolean value) { inner.bool(value); }
    @Override public void bigNumber(String digits) { inner.bigNumber(digits); }
    @Override public int protocol() { return inner.protocol(); }

    @Override
    public void verbatim(String format, byte[] value) {
        formats.add(format);
        inner.verbatim(format, value);
    }
}
