package io.quicksilver.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link JCacheBenchmark} and {@link RemoteGetBenchmark} at each thread count of
 * {@code -Dthreads} (default 1,2,4) in one go and prints a Markdown table of throughputs with
 * the ratios the issue sets targets for:
 * <ul>
 * <li>ours store-by-value / Ehcache store-by-value: above 1 on every workload;</li>
 * <li>ours store-by-reference / Caffeine: at least 0.5 (within 2x);</li>
 * <li>ours remote get / Lettuce GET: at least 1/1.2 = 0.83 (within 1.2x).</li>
 * </ul>
 * Run with {@code -prof io.quicksilver.benchmarks.CpuTimeProfiler} and/or {@code -prof gc}, it
 * also prints the CPU time per operation (with the same ratios, peer / ours: at one thread a
 * steadier stand-in for the throughput ratio on a loaded machine) and the bytes allocated per
 * operation.
 * Arguments are JMH's own ({@code -f 1 -wi 2 -i 3 -w 2s -r 3s}, a benchmark regex, {@code -p}).
 */
public final class JCacheRun {
    private JCacheRun() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cmd = new CommandLineOptions(args);
        List<Integer> threads = new ArrayList<>();
        for (String t : System.getProperty("threads", "1,2,4").split(",")) {
            threads.add(Integer.parseInt(t.trim()));
        }
        List<RunResult> results = new ArrayList<>();
        for (int t : threads) {
            OptionsBuilder options = new OptionsBuilder();
            options.parent(cmd);
            if (cmd.getIncludes().isEmpty()) {
                options.include(JCacheBenchmark.class.getSimpleName() + "|" + RemoteGetBenchmark.class.getSimpleName());
            }
            options.threads(t);
            results.addAll(new Runner(options.build()).run());
        }
        print(results, System.out);
    }

    /** Secondary results printed as tables of their own when present, with their heading. */
    private static final Map<String, String> PER_OP = new java.util.LinkedHashMap<>();

    static {
        PER_OP.put("cpu.worker.norm", "CPU time per operation of JMH's worker threads (CpuTimeProfiler), ns/op;"
                + " ratios are peer / ours (the same sense as the throughput ratios: above 1, ours costs less)");
        PER_OP.put("cpu.time.norm", "CPU time per operation of the whole JVM, GC and JIT threads included"
                + " (CpuTimeProfiler), ns/op; ratios peer / ours");
        PER_OP.put("gc.alloc.rate.norm", "Bytes allocated per operation (-prof gc), B/op");
    }

    /** Scores by "benchmark.method" -> impl -> threads: the throughputs, then each per-operation cost present. */
    static void print(Collection<RunResult> results, PrintStream out) {
        out.println();
        out.println("Throughput in operations per millisecond (all threads together), ± the 99.9 % error JMH gives.");
        table(results, null, false, out);
        for (Map.Entry<String, String> m : PER_OP.entrySet()) {
            boolean present = results.stream().anyMatch(r -> r.getSecondaryResults().containsKey(m.getKey()));
            if (present) {
                out.println();
                out.println(m.getValue() + ".");
                table(results, m.getKey(), !m.getKey().startsWith("gc."), out);
            }
        }
    }

    /**
     * One table: the primary result ({@code metric} null: ratios ours / peer) or a secondary one,
     * a time per operation ({@code cost}: ratios peer / ours) or else a figure without ratios.
     */
    private static void table(Collection<RunResult> results, String metric, boolean cost, PrintStream out) {
        boolean ratios = metric == null || cost;
        Map<String, Map<String, Map<Integer, Result<?>>>> scores = new TreeMap<>();
        for (RunResult r : results) {
            Result<?> result = metric == null ? r.getPrimaryResult() : r.getSecondaryResults().get(metric);
            if (result == null) {
                continue;
            }
            String bench = r.getParams().getBenchmark();
            String method = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            String impl = r.getParams().getParam("impl");
            scores.computeIfAbsent(method, k -> new TreeMap<>()).computeIfAbsent(impl, k -> new TreeMap<>())
                    .put(r.getParams().getThreads(), result);
        }
        out.println();
        out.println("| benchmark | threads | " + String.join(" | ", columns(scores)) + " | ratios (target) |");
        out.println("|---|---|" + "---|".repeat(columns(scores).size()) + "---|");
        for (Map.Entry<String, Map<String, Map<Integer, Result<?>>>> b : scores.entrySet()) {
            Map<String, Map<Integer, Result<?>>> byImpl = b.getValue();
            Collection<Integer> threadCounts = new java.util.TreeSet<>();
            byImpl.values().forEach(m -> threadCounts.addAll(m.keySet()));
            for (int t : threadCounts) {
                StringBuilder row = new StringBuilder("| " + b.getKey() + " | " + t + " |");
                for (String c : columns(scores)) {
                    Result<?> r = byImpl.getOrDefault(c, Map.of()).get(t);
                    row.append(' ').append(r == null ? "" : format(r)).append(" |");
                }
                List<String> found = new ArrayList<>();
                if (ratios) {
                    ratio(found, byImpl, t, cost, "quicksilver-value", "ehcache-value", "value/ehcache", 1.0, "> 1");
                    ratio(found, byImpl, t, cost, "quicksilver-ref", "caffeine-ref", "ref/caffeine", 0.5, ">= 0.5");
                    ratio(found, byImpl, t, cost, "quicksilver-remote", "lettuce", "remote/lettuce", 1 / 1.2, ">= 0.83");
                }
                row.append(' ').append(String.join("; ", found)).append(" |");
                out.println(row);
            }
        }
    }

    private static List<String> columns(Map<String, Map<String, Map<Integer, Result<?>>>> scores) {
        List<String> order = Arrays.asList("quicksilver-ref", "quicksilver-value", "caffeine-ref", "caffeine-value",
                "ehcache-ref", "ehcache-value", "quicksilver-remote", "lettuce");
        java.util.Set<String> present = new java.util.HashSet<>();
        scores.values().forEach(m -> present.addAll(m.keySet()));
        List<String> cols = new ArrayList<>();
        for (String c : order) {
            if (present.remove(c)) {
                cols.add(c);
            }
        }
        cols.addAll(new java.util.TreeSet<>(present));
        return cols;
    }

    private static void ratio(List<String> out, Map<String, Map<Integer, Result<?>>> byImpl, int threads, boolean cost,
            String ours, String peer, String label, double target, String targetText) {
        Result<?> a = byImpl.getOrDefault(ours, Map.of()).get(threads);
        Result<?> b = byImpl.getOrDefault(peer, Map.of()).get(threads);
        if (a == null || b == null || b.getScore() == 0 || a.getScore() == 0) {
            return;
        }
        double ratio = cost ? b.getScore() / a.getScore() : a.getScore() / b.getScore();
        boolean met = label.startsWith("value") ? ratio > target : ratio >= target;
        out.add(String.format(Locale.ROOT, "%s %.2f (%s) %s", label, ratio, targetText, met ? "met" : "**MISSED**"));
    }

    private static String format(Result<?> r) {
        double err = r.getScoreError();
        return Double.isNaN(err)
                ? String.format(Locale.ROOT, "%.0f", r.getScore())
                : String.format(Locale.ROOT, "%.0f ± %.0f", r.getScore(), err);
    }
}
