package io.quicksilver.core.command;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * SLOWLOG: commands that ran longer than {@code slowlog-log-slower-than} microseconds, newest
 * first, at most {@code slowlog-max-len}. Thread-safe.
 */
public final class SlowLog {
    /** One slow command, as SLOWLOG GET prints it. */
    public record Entry(long id, long unixSeconds, long micros, List<byte[]> args, String peer,
            String clientName) {}

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    private volatile long slowerThanMicros = 10_000;
    private volatile int maxLen = 128;

    public long slowerThanMicros() {
        return slowerThanMicros;
    }

    public void slowerThanMicros(long micros) {
        this.slowerThanMicros = micros;
    }

    public int maxLen() {
        return maxLen;
    }

    public synchronized void maxLen(int maxLen) {
        this.maxLen = maxLen;
        trim();
    }

    /** True if a command of this duration is logged. */
    public boolean isSlow(long micros) {
        long t = slowerThanMicros;
        return t >= 0 && micros >= t;
    }

    /**
     * Logs a command: as Redis, at most 32 arguments (the last says how many more), each at most
     * 128 bytes (the rest summarised).
     */
    public synchronized void add(long unixSeconds, long micros, byte[][] args, String peer,
            String clientName) {
        int max = Math.min(args.length, 32);
        List<byte[]> kept = new ArrayList<>(max);
        for (int i = 0; i < max; i++) {
            if (i == 31 && args.length > 32) {
                kept.add(("... (" + (args.length - 31) + " more arguments)").getBytes());
                break;
            }
            byte[] a = args[i];
            if (a.length > 128) {
                byte[] head = java.util.Arrays.copyOf(a, 128);
                byte[] more = ("... (" + (a.length - 128) + " more bytes)").getBytes();
                byte[] joined = java.util.Arrays.copyOf(head, 128 + more.length);
                System.arraycopy(more, 0, joined, 128, more.length);
                a = joined;
            }
            kept.add(a);
        }
        entries.addFirst(new Entry(nextId++, unixSeconds, micros, kept, peer,
                clientName == null ? "" : clientName));
        trim();
    }

    private void trim() {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    /** Up to {@code count} newest entries (all when negative). */
    public synchronized List<Entry> get(int count) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (count >= 0 && out.size() >= count) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void reset() {
        entries.clear();
    }
}
