package io.quicksilver.jcache.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/** {@link SingleFlight} on its own: re-entry, failure, interruption, nothing left behind. */
class SingleFlightTest {
    private final SingleFlight flights = new SingleFlight();

    @Test
    void aComputationCallingBackForItsOwnKeyRunsInsteadOfWaitingForItself() throws Throwable {
        Object outer = flights.execute("k", () -> "outer+" + flights.execute("k", () -> "inner", UnaryOperator.identity()),
                UnaryOperator.identity());
        assertEquals("outer+inner", outer);
        assertEquals(0, flights.inFlight());
    }

    @Test
    void aFailedComputationLeavesNothingBehind() {
        IllegalStateException thrown = new IllegalStateException("x");
        assertSame(thrown, assertThrows(IllegalStateException.class,
                () -> flights.execute("k", () -> {
                    throw thrown;
                }, UnaryOperator.identity())));
        assertEquals(0, flights.inFlight());
    }

    @Test
    void anInterruptedWaiterStopsWaitingAndKeepsItsInterrupt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread leader = new Thread(() -> {
            try {
                flights.execute("k", () -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }, UnaryOperator.identity());
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        });
        leader.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        AtomicReference<Throwable> waiterOutcome = new AtomicReference<>();
        AtomicReference<Boolean> interruptKept = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                flights.execute("k", () -> "not me", UnaryOperator.identity());
            } catch (Throwable t) {
                waiterOutcome.set(t);
                interruptKept.set(Thread.currentThread().isInterrupted());
            }
        });
        waiter.start();
        while (waiter.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
        waiter.interrupt();
        waiter.join(10_000);
        assertTrue(waiterOutcome.get() instanceof CacheException, String.valueOf(waiterOutcome.get()));
        assertTrue(interruptKept.get());
        release.countDown();
        leader.join(10_000);
        assertEquals(0, flights.inFlight());
    }
}
