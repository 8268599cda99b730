package io.quicksilver.core.command.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency monitor (Redis's latency.c): for each event class ("command", "fast-command"...),
 * a ring of the last {@value #SAMPLES} samples, at most one per second (the worst of that second),
 * and the worst latency ever seen. Only events of at least {@code latency-monitor-threshold}
 * milliseconds are recorded; a threshold of 0 turns the monitor off. Thread-safe.
 */
public final class LatencyMonitor {
    /** Redis's LATENCY_TS_LEN. */
    public static final int SAMPLES = 160;

    /** One sample: the second it happened in and the latency in milliseconds. */
    public record Sample(long unixSeconds, long millis) {}

    /** What LATENCY LATEST prints for one event. */
    public record Latest(String event, long unixSeconds, long millis, long maxMillis) {}

    private static final class Series {
        final long[] time = new long[SAMPLES];
        final long[] latency = new long[SAMPLES];
        int idx;
        long max;
    }

    private final Map<String, Series> events = new LinkedHashMap<>();
    private volatile long thresholdMillis;

    public long thresholdMillis() {
        return thresholdMillis;
    }

    public void thresholdMillis(long millis) {
        this.thresholdMillis = millis;
    }

    /**
     * Records an event if the monitor is on and it reached the threshold (Redis's
     * latencyAddSampleIfNeeded).
     *
     * @param event       the event class, "command" or "fast-command" for commands
     * @param millis      how long it took, in milliseconds
     * @param unixSeconds when it happened
     */
    public void addIfNeeded(String event, long millis, long unixSeconds) {
        long t = thresholdMillis;
        if (t > 0 && millis >= t) {
            add(event, millis, unixSeconds);
        }
    }

    /** Records a sample unconditionally (Redis's latencyAddSample). */
    public synchronized void add(String event, long millis, long unixSeconds) {
        Series s = events.computeIfAbsent(event, e -> new Series());
        if (millis > s.max) {
            s.max = millis;
        }
        int prev = (s.idx + SAMPLES - 1) % SAMPLES;
        if (s.time[prev] == unixSeconds) {
            if (millis > s.latency[prev]) {
                s.latency[prev] = millis;
            }
            return;
        }
        s.time[s.idx] = unixSeconds;
        s.latency[s.idx] = millis;
        s.idx = (s.idx + 1) % SAMPLES;
    }

    /** LATENCY LATEST: the newest sample and the all-time maximum of every event. */
    public synchronized List<Latest> latest() {
        List<Latest> out = new ArrayList<>();
        for (Map.Entry<String, Series> e : events.entrySet()) {
            Series s = e.getValue();
            int last = (s.idx + SAMPLES - 1) % SAMPLES;
            out.add(new Latest(e.getKey(), s.time[last], s.latency[last], s.max));
        }
        return out;
    }

    /** LATENCY HISTORY: the samples of one event, oldest first; empty for an unknown event. */
    public synchronized List<Sample> history(String event) {
        List<Sample> out = new ArrayList<>();
        Series s = events.get(event);
        if (s == null) {
            return out;
        }
        for (int j = 0; j < SAMPLES; j++) {
            int i = (s.idx + j) % SAMPLES;
            if (s.time[i] != 0) {
                out.add(new Sample(s.time[i], s.latency[i]));
            }
        }
        return out;
    }

    /** The event names, in the order they first happened. */
    public synchronized List<String> eventNames() {
        return new ArrayList<>(events.keySet());
    }

    /** The all-time maximum of an event, 0 if unknown. */
    public synchronized long max(String event) {
        Series s = events.get(event);
        return s == null ? 0 : s.max;
    }

    /** Forgets every event; returns how many there were. */
    public synchronized int resetAll() {
        int n = events.size();
        events.clear();
        return n;
    }

    /** Forgets one event; returns 1 if it existed. */
    public synchronized int reset(String event) {
        return events.remove(event) == null ? 0 : 1;
    }

    /**
     * LATENCY DOCTOR: Redis's human-readable report, for the events this node records
     * (command and fast-command; expiry and eviction cycles are not monitored yet).
     *
     * @param nowSeconds            the current unix time, for the period of the spikes
     * @param slowlogSlowerThanMicros slowlog-log-slower-than, for the Slow Log advice
     * @param hz                    the active expiry frequency, for the hz advice
     */
    public synchronized String doctor(long nowSeconds, long slowlogSlowerThanMicros, int hz) {
        long threshold = thresholdMillis;
        if (events.isEmpty() && threshold == 0) {
            return "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
                    + "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" "
                    + "in order to enable it. If we weren't in a deep space mission I'd suggest to take "
                    + "a look at https://redis.io/topics/latency-monitor.\n";
        }
        StringBuilder report = new StringBuilder();
        boolean slowlogEnabled = false;
        boolean slowlogTuning = false;
        boolean slowlogInspect = false;
        boolean scheduler = false;
        boolean hzAdvice = false;
        boolean largeObjects = false;
        boolean massEviction = false;
        int advices = 0;
        int eventNum = 0;
        for (Map.Entry<String, Series> e : events.entrySet()) {
            String event = e.getKey();
            Series s = e.getValue();
            eventNum++;
            if (eventNum == 1) {
                report.append("Dave, I have observed latency spikes in this Redis instance. "
                        + "You don't mind talking about it, do you Dave?\n\n");
            }
            // analyzeLatencyForEvent
            int samples = 0;
            long sum = 0;
            long oldest = 0;
            for (int j = 0; j < SAMPLES; j++) {
                if (s.time[j] == 0) {
                    continue;
                }
                samples++;
                sum += s.latency[j];
                if (oldest == 0 || s.time[j] < oldest) {
                    oldest = s.time[j];
                }
            }
            long avg = 0;
            long period = 0;
            long mad = 0;
            if (samples > 0) {
                avg = sum / samples;
                period = nowSeconds - oldest;
                if (period == 0) {
                    period = 1;
                }
                long dev = 0;
                for (int j = 0; j < SAMPLES; j++) {
                    if (s.time[j] != 0) {
                        dev += Math.abs(avg - s.latency[j]);
                    }
                }
                mad = dev / samples;
            }
            report.append(eventNum).append(". ").append(event).append(": ").append(samples)
                    .append(" latency spikes (average ").append(avg).append("ms, mean deviation ")
                    .append(mad).append("ms, period ")
                    .append(String.format(java.util.Locale.ROOT, "%.2f", samples == 0 ? 0.0 : (double) period / samples))
                    .append(" sec). Worst all time event ").append(s.max).append("ms.");
            switch (event) {
                case "command" -> {
                    if (slowlogSlowerThanMicros < 0) {
                        slowlogEnabled = true;
                        advices++;
                    } else if (slowlogSlowerThanMicros / 1000 > threshold) {
                        slowlogTuning = true;
                        advices++;
                    }
                    slowlogInspect = true;
                    largeObjects = true;
                    advices += 2;
                }
                case "fast-command" -> {
                    scheduler = true;
                    advices++;
                }
                case "expire-cycle" -> {
                    hzAdvice = true;
                    largeObjects = true;
                    advices += 2;
                }
                case "eviction-del" -> {
                    largeObjects = true;
                    advices++;
                }
                case "eviction-cycle" -> {
                    massEviction = true;
                    advices++;
                }
                default -> { }
            }
            report.append('\n');
        }
        if (eventNum == 0 && advices == 0) {
            report.append("Dave, no latency spike was observed during the lifetime of this Redis "
                    + "instance, not in the slightest bit. I honestly think you ought to sit down "
                    + "calmly, take a stress pill, and think things over.\n");
        } else if (eventNum > 0 && advices == 0) {
            report.append("\nWhile there are latency events logged, I'm not able to suggest any easy "
                    + "fix. Please use the Redis community to get some help, providing this report "
                    + "in your help request.\n");
        } else {
            report.append("\nI have a few advices for you:\n\n");
            if (slowlogEnabled) {
                report.append("- There are latency issues with potentially slow commands you are "
                        + "using. Try to enable the Slow Log Redis feature using the command 'CONFIG "
                        + "SET slowlog-log-slower-than ").append(threshold * 1000).append("'. If the "
                        + "Slow log is disabled Redis is not able to log slow commands execution for "
                        + "you.\n");
            }
            if (slowlogTuning) {
                report.append("- Your current Slow Log configuration only logs events that are "
                        + "slower than your configured latency monitor threshold. Please use 'CONFIG "
                        + "SET slowlog-log-slower-than ").append(threshold * 1000).append("'.\n");
            }
            if (slowlogInspect) {
                report.append("- Check your Slow Log to understand what are the commands you are "
                        + "running which are too slow to execute. Please check "
                        + "https://redis.io/commands/slowlog for more information.\n");
            }
            if (scheduler) {
                report.append("- The system is slow to execute Redis code paths not containing "
                        + "system calls. This usually means the system does not provide Redis CPU "
                        + "time to run for long periods. You should try to:\n"
                        + "  1) Lower the system load.\n"
                        + "  2) Use a computer / VM just for Redis if you are running other software "
                        + "in the same system.\n"
                        + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                        + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic "
                        + "latency in your system.\n"
                        + "  5) Check if the problem is allocator-related by recompiling Redis with "
                        + "MALLOC=libc, if you are using Jemalloc. However this may create "
                        + "fragmentation problems.\n");
            }
            if (hzAdvice && hz < 100) {
                report.append("- In order to make the Redis keys expiring process more incremental, "
                        + "try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz "
                        + "100'.\n");
            }
            if (largeObjects) {
                report.append("- Deleting, expiring or evicting (because of maxmemory policy) large "
                        + "objects is a blocking operation. If you have very large objects that are "
                        + "often deleted, expired, or evicted, try to fragment those objects into "
                        + "multiple smaller objects.\n");
            }
            if (massEviction) {
                report.append("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or "
                        + "allocation of large objects via sets or sorted sets intersections, STORE "
                        + "option of SORT, Redis Cluster large keys migrations (RESTORE command), may "
                        + "create sudden memory pressure forcing the server to block trying to evict "
                        + "keys. \n");
            }
        }
        return report.toString();
    }
}
