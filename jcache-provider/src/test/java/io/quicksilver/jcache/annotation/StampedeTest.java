package io.quicksilver.jcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quicksilver.jcache.annotation.beans.ResultBean;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @CacheResult} computes a missing value once per cache and key, however many threads
 * miss it at the same time: the first computes, the others wait for it. The computation is held
 * at a gate until every other caller is parked, so without the single flight every caller would
 * be inside the method and the count would be the number of threads.
 */
class StampedeTest {
    private static final int THREADS = 16;
    private static WeldContainer container;
    private ResultBean bean;
    private final CountDownLatch gate = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        container = Containers.start("stampede", ResultBean.class);
    }

    @AfterAll
    static void stop() {
        container.close();
    }

    @BeforeEach
    void reset() {
        Containers.clearAll();
        bean = container.select(ResultBean.class).get();
        bean.calls().reset();
        bean.setGate(gate);
    }

    @AfterEach
    void openGate() {
        gate.countDown();
        bean.setGate(new CountDownLatch(0));
    }

    @Test
    void concurrentMissesComputeOnce() throws Exception {
        Object[] results = new Object[THREADS];
        List<Thread> threads = startAll(i -> results[i] = bean.slow("k"));
        awaitParked(threads);
        assertEquals(1, bean.calls().of("slow:k"), "only the first caller is computing");
        assertEquals(1, singleFlight().inFlight());
        gate.countDown();
        joinAll(threads);
        for (Object r : results) {
            assertEquals("k#1", r);
        }
        assertEquals(1, bean.calls().of("slow:k"));
        assertEquals(0, singleFlight().inFlight(), "nothing is kept once the computation ended");
        assertEquals("k#1", bean.slow("k"), "and the value is cached");
    }

    @Test
    void theFirstCallersExceptionReachesEveryWaiter() throws Exception {
        Object[] results = new Object[THREADS];
        List<Thread> threads = startAll(i -> {
            try {
                bean.slowFailing("e");
                results[i] = "returned";
            } catch (Exception e) {
                results[i] = e;
            }
        });
        awaitParked(threads);
        gate.countDown();
        joinAll(threads);
        for (Object r : results) {
            IOException e = assertInstanceOf(IOException.class, r);
            assertEquals("e#1", e.getMessage());
        }
        assertEquals(1, bean.calls().of("slowFailing:e"));
        assertEquals(0, singleFlight().inFlight());
        try {
            bean.slowFailing("e");
            fail("no exception");
        } catch (IOException e) {
            assertEquals("e#2", e.getMessage(), "an exception not cached is not kept for later callers");
        }
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        List<Thread> threads = new ArrayList<>();
        threads.add(start(() -> bean.slow("a")));
        await(() -> bean.calls().of("slow:a") == 1);
        threads.add(start(() -> bean.slow("b")));
        await(() -> bean.calls().of("slow:b") == 1);
        assertEquals(2, singleFlight().inFlight());
        gate.countDown();
        joinAll(threads);
        assertEquals(0, singleFlight().inFlight());
    }

    private SingleFlight singleFlight() {
        return container.getBeanManager().getExtension(CacheAnnotationsExtension.class).singleFlight();
    }

    @FunctionalInterface
    private interface Call {
        void run(int i) throws Exception;
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    private static List<Thread> startAll(Call call) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            threads.add(start(() -> call.run(n)));
        }
        return threads;
    }

    private static Thread start(Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until every thread is parked: the first at the gate, the others behind it. */
    private static void awaitParked(List<Thread> threads) throws InterruptedException {
        await(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING));
        // parked in a lock taken while creating the cache is possible too: confirm it holds
        Thread.sleep(50);
        await(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out");
            }
            Thread.sleep(5);
        }
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), "a caller is stuck");
        }
    }
}
