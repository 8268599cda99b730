package io.quicksilver.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, in nanoseconds: {@code -prof io.quicksilver.benchmarks.CpuTimeProfiler}.
 * {@code cpu.time.norm}: the benchmark's JVM (every thread: the benchmark's, GC, JIT);
 * {@code cpu.worker.norm}: JMH's worker threads only (the calls themselves, without the GC and JIT
 * threads' share). On a machine shared with other work a throughput mostly measures how much of
 * the CPU the benchmark was given; the CPU time an operation costs moves much less with the load
 * (it still moves somewhat: caches are shared). Hardware counters ({@code -prof perfnorm}) would
 * be better, but are missing in a VM.
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private long start;
    private Map<Long, Long> workerStart = Map.of();

    @Override
    public String getDescription() {
        return "CPU time per operation: the whole JVM, and JMH's worker threads alone";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        workerStart = workerCpu();
        start = os.getProcessCpuTime();
    }

    /** CPU time of each live JMH worker thread, by thread id. */
    private Map<Long, Long> workerCpu() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("jmh-worker")) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long cpu = os.getProcessCpuTime() - start;
        long worker = 0;
        for (Map.Entry<Long, Long> e : workerCpu().entrySet()) {
            worker += e.getValue() - workerStart.getOrDefault(e.getKey(), 0L);
        }
        // every operation of the iteration, as the CPU time spans all of it (as -prof gc normalises)
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        if (ops <= 0 || cpu < 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.time.norm", (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.worker.norm", (double) worker / ops, "ns/op", AggregationPolicy.AVG));
    }
}
