package io.quicksilver.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * {@link EngineBenchmark}'s operations timed by this thread's CPU time instead of the wall clock:
 * on a shared, loaded machine a thread that is descheduled is not charged for the time others
 * ran, so two builds can be compared while other work runs (cache pollution by the others still
 * shows). Prints, per operation, the median and the quartiles of the CPU nanoseconds per call
 * over batches of {@value #BATCH} calls, after a warm-up.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.quicksilver.benchmarks.EngineCpuRun \
 *     [keys=1000000] [seconds=10] [ops=dispatchGet,dispatchSet,dispatchIncr,storeGet,storeSet]
 * </pre>
 *
 * <p>A/B mode, {@code jars=before.jar,after.jar}: both builds' benchmark jars are loaded in this
 * JVM, each in a class loader of its own with its own engine and keys, and their batches
 * alternate (A B B A ...), so both see the same load at nearly the same time; prints each one's
 * median and the median of the per-round ratios after/before. The heap must hold both
 * ({@code -Xmx4g} for 1M keys).
 */
public final class EngineCpuRun {
    private static final int BATCH = 20_000;

    private EngineCpuRun() {}

    public static void main(String[] args) throws Exception {
        int keys = 1_000_000;
        int seconds = 10;
        String ops = "dispatchGet,dispatchSet,dispatchIncr,storeGet,storeSet";
        String jars = null;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "keys" -> keys = Integer.parseInt(kv[1]);
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "ops" -> ops = kv[1];
                case "jars" -> jars = kv[1];
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (jars != null) {
            compare(jars.split(","), keys, seconds, ops.split(","));
            return;
        }
        EngineBenchmark b = new EngineBenchmark();
        b.keys = keys;
        b.setUp();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] sink = new long[1];
        try {
            for (String op : ops.split(",")) {
                LongSupplier call = call(b, op);
                run(mx, call, sink, seconds / 3.0); // warm-up
                double[] perCall = run(mx, call, sink, seconds);
                Arrays.sort(perCall);
                int n = perCall.length;
                System.out.printf("%-13s keys=%-8d cpu ns/call: median %7.1f  q1 %7.1f  q3 %7.1f  (%d batches)%n",
                        op, keys, perCall[n / 2], perCall[n / 4], perCall[3 * n / 4], n);
            }
        } finally {
            b.tearDown();
        }
        if (sink[0] == 42) {
            System.out.println();
        }
    }

    /** The operation {@code op} of benchmark {@code b}, as a call returning something to sink. */
    private static LongSupplier call(EngineBenchmark b, String op) {
        return switch (op) {
            case "dispatchGet" -> () -> b.dispatchGet() == null ? 0 : 1;
            case "dispatchSet" -> () -> b.dispatchSet() == null ? 0 : 1;
            case "dispatchIncr" -> b::dispatchIncr;
            case "storeGet" -> () -> b.storeGet() == null ? 0 : 1;
            case "storeSet" -> () -> {
                b.storeSet();
                return 1;
            };
            default -> throw new IllegalArgumentException("unknown op " + op);
        };
    }

    /** A call that can be closed (its engine) through JDK types only. */
    private interface Operation extends LongSupplier, AutoCloseable {
    }

    /**
     * One operation of a fresh {@link EngineBenchmark} (set up with {@code keys} keys) as a
     * JDK-typed supplier, so that another class loader's copy of this class can call it; it is
     * also an {@link AutoCloseable} that closes the benchmark's engine.
     */
    public static LongSupplier operation(String op, int keys) {
        EngineBenchmark b = new EngineBenchmark();
        b.keys = keys;
        b.setUp();
        LongSupplier call = call(b, op);
        return new Operation() {
            @Override
            public long getAsLong() {
                return call.getAsLong();
            }

            @Override
            public void close() {
                b.tearDown();
            }
        };
    }

    private static void compare(String[] jars, int keys, int seconds, String[] ops) throws Exception {
        if (jars.length != 2) {
            throw new IllegalArgumentException("jars=before.jar,after.jar");
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] sink = new long[1];
        for (String op : ops) {
            LongSupplier[] calls = new LongSupplier[2];
            java.net.URLClassLoader[] loaders = new java.net.URLClassLoader[2];
            for (int v = 0; v < 2; v++) {
                loaders[v] = new java.net.URLClassLoader(new java.net.URL[] {new java.io.File(jars[v]).toURI().toURL()},
                        ClassLoader.getPlatformClassLoader());
                calls[v] = (LongSupplier) loaders[v].loadClass(EngineCpuRun.class.getName())
                        .getMethod("operation", String.class, int.class).invoke(null, op, keys);
            }
            long warmEnd = System.nanoTime() + (long) (seconds / 3.0 * 1e9);
            while (System.nanoTime() < warmEnd) {
                batch(mx, calls[0], sink);
                batch(mx, calls[1], sink);
            }
            int rounds = 0;
            double[][] perCall = new double[2][1024];
            double[] ratio = new double[1024];
            long budget = (long) (seconds * 1e9);
            long spent = 0;
            while (spent < budget) {
                if (rounds == ratio.length) {
                    ratio = Arrays.copyOf(ratio, rounds * 2);
                    perCall[0] = Arrays.copyOf(perCall[0], rounds * 2);
                    perCall[1] = Arrays.copyOf(perCall[1], rounds * 2);
                }
                int first = rounds & 1; // A B, then B A: neither always runs first
                double x = batch(mx, calls[first], sink);
                double y = batch(mx, calls[1 - first], sink);
                perCall[first][rounds] = x;
                perCall[1 - first][rounds] = y;
                ratio[rounds] = perCall[1][rounds] / perCall[0][rounds];
                spent += (long) ((x + y) * BATCH);
                rounds++;
            }
            double[] a = Arrays.copyOf(perCall[0], rounds);
            double[] b = Arrays.copyOf(perCall[1], rounds);
            double[] r = Arrays.copyOf(ratio, rounds);
            Arrays.sort(a);
            Arrays.sort(b);
            Arrays.sort(r);
            System.out.printf("%-13s keys=%-8d cpu ns/call: before %7.1f  after %7.1f  after/before %.3f (q1 %.3f, q3 %.3f; %d rounds)%n",
                    op, keys, a[rounds / 2], b[rounds / 2], r[rounds / 2], r[rounds / 4], r[3 * rounds / 4], rounds);
            for (int v = 0; v < 2; v++) {
                ((AutoCloseable) calls[v]).close();
                calls[v] = null;
            }
            for (java.net.URLClassLoader l : loaders) {
                l.close();
            }
            System.gc();
        }
        if (sink[0] == 42) {
            System.out.println();
        }
    }

    /** One batch of calls: CPU ns per call. */
    private static double batch(ThreadMXBean mx, LongSupplier call, long[] sink) {
        long t0 = mx.getCurrentThreadCpuTime();
        long acc = 0;
        for (int i = 0; i < BATCH; i++) {
            acc += call.getAsLong();
        }
        long dt = mx.getCurrentThreadCpuTime() - t0;
        sink[0] += acc;
        return (double) dt / BATCH;
    }

    /** Batches of calls for {@code seconds} of CPU time; the CPU ns per call of each batch. */
    private static double[] run(ThreadMXBean mx, LongSupplier call, long[] sink, double seconds) {
        double[] out = new double[1024];
        int n = 0;
        long budget = (long) (seconds * 1e9);
        long spent = 0;
        while (spent < budget) {
            double perCall = batch(mx, call, sink);
            spent += (long) (perCall * BATCH);
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = perCall;
        }
        return Arrays.copyOf(out, n);
    }
}
