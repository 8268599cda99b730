package io.quicksilver.benchmarks;

import io.quicksilver.core.command.Client;
import io.quicksilver.core.command.Commands;
import io.quicksilver.core.command.Dispatcher;
import io.quicksilver.core.command.Node;
import io.quicksilver.core.command.Reply;
import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EngineStore;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine below the network: what one GET, SET or INCR costs in the dispatcher (command
 * lookup, lock, handler, statistics) and what {@link EngineStore#get} / {@link EngineStore#set}
 * cost, over {@code keys} random keys shaped as redis-benchmark's ({@code key:000000123456},
 * 3-byte values), one thread. Every measured call builds its key (and its argument array) afresh,
 * as the server's decoder does for a request: the key is another object than the stored one, so
 * the lookup really compares the bytes (and pays the cache miss on the stored key) instead of
 * stopping at identity, while the request itself is in the cache as a just-parsed one is. The
 * allocation figures of {@code -prof gc} include that request: 32 bytes of key (40 for INCR's
 * {@code counter:} keys) and 24 of argument array (32 for SET's three), beside the engine's own.
 *
 * <p>An expiry listener is registered on the store, as the JCache provider's caches register
 * theirs. The dispatcher's reply goes to a sink that only keeps the last value (no encoding), so the
 * figures are the engine's share of a command, not the server's. Run with {@code -prof gc} to
 * see the garbage per command: e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar EngineBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class EngineBenchmark {
    private static final byte[] VALUE = "xxx".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GET = bytes("GET");
    private static final byte[] SET = bytes("SET");
    private static final byte[] INCR = bytes("INCR");

    @Param({"100000", "1000000"})
    public int keys;

    private Engine engine;
    private Node node;
    private Dispatcher dispatcher;
    private Client client;
    private EngineStore store;
    private final Sink sink = new Sink();
    private static final byte[] KEY = bytes("key:");
    private static final byte[] COUNTER = bytes("counter:");

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().build();
        node = Commands.node(engine);
        dispatcher = node.dispatcher();
        client = node.clients().open(null, engine.clock().millis());
        store = new EngineStore(engine, 0);
        // as a JCache cache does: an expiry listener (for its expiry events) on the store
        store.onExpired(bytes("jcache:"), (key, value, evicted) -> { });
        for (int i = 0; i < keys; i++) {
            store.set(key(KEY, i), VALUE, EngineStore.PERSIST);
            store.set(key(COUNTER, i), bytes(Integer.toString(i)), EngineStore.PERSIST);
        }
    }

    /** {@code prefix} and {@code i} in 12 digits, as redis-benchmark's {@code key:__rand_int__}. */
    private static byte[] key(byte[] prefix, int i) {
        byte[] k = java.util.Arrays.copyOf(prefix, prefix.length + 12);
        for (int p = k.length - 1; p >= prefix.length; p--) {
            k[p] = (byte) ('0' + i % 10);
            i /= 10;
        }
        return k;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
        engine.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private int next() {
        return ThreadLocalRandom.current().nextInt(keys);
    }

    @Benchmark
    public Object dispatchGet() {
        dispatcher.execute(client, new byte[][] {GET, key(KEY, next())}, sink);
        return sink.last;
    }

    @Benchmark
    public Object dispatchSet() {
        dispatcher.execute(client, new byte[][] {SET, key(KEY, next()), VALUE}, sink);
        return sink.last;
    }

    @Benchmark
    public long dispatchIncr() {
        dispatcher.execute(client, new byte[][] {INCR, key(COUNTER, next())}, sink);
        return sink.integer;
    }

    @Benchmark
    public Object storeGet() {
        return store.get(key(KEY, next()));
    }

    @Benchmark
    public void storeSet() {
        store.set(key(KEY, next()), VALUE, EngineStore.PERSIST);
    }

    /** Keeps the last reply value; encodes nothing. */
    private static final class Sink implements Reply {
        Object last;
        long integer;

        @Override public void simple(String status) { last = status; }
        @Override public void error(String message) { throw new IllegalStateException(message); }
        @Override public void integer(long value) { integer = value; }
        @Override public void bulk(byte[] value) { last = value; }
        @Override public void bulk(byte[] value, int offset, int length) { last = value; }
        @Override public void nullBulk() { last = null; }
        @Override public void nullArray() { last = null; }
        @Override public void array(int length) { integer = length; }
        @Override public void map(int pairs) { integer = pairs; }
        @Override public void set(int length) { integer = length; }
        @Override public void push(int length) { integer = length; }
        @Override public void doubleValue(double value) { integer = (long) value; }
        @Override public void bool(boolean value) { integer = value ? 1 : 0; }
        @Override public void verbatim(String format, byte[] value) { last = value; }
        @Override public void bigNumber(String digits) { last = digits; }
        @Override public int protocol() { return 2; }
    }
}
