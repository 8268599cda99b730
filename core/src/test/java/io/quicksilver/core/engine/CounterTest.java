package io.quicksilver.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CounterTest {
    @Test
    void threadsAddToTheirOwnCellsAndTheSumSeesThemAll() throws Exception {
        Counter c = new Counter();
        c.add(5);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int n = t;
            threads.add(new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    c.increment();
                }
                c.add(-n);
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(5 + 8 * 100_000 - 28, c.sum());
    }

    @Test
    void cellsOfEndedThreadsAreFoldedAndKeepTheirCounts() throws Exception {
        Counter c = new Counter();
        for (int round = 0; round < 50; round++) {
            Thread t = new Thread(() -> c.add(3));
            t.start();
            t.join();
        }
        Thread last = new Thread(c::increment);
        last.start();
        last.join();
        assertEquals(151, c.sum());
        c.add(1);
        assertEquals(152, c.sum());
    }

    @Test
    void resetStartsFromZeroWithoutTouchingOtherThreadsCells() throws Exception {
        Counter c = new Counter();
        Thread t = new Thread(() -> c.add(10));
        t.start();
        t.join();
        c.add(7);
        c.reset();
        assertEquals(0, c.sum());
        c.add(2);
        Thread u = new Thread(() -> c.add(4));
        u.start();
        u.join();
        assertEquals(6, c.sum());
    }

    @Test
    void threadsBeyondTheCellLimitShareOneAndStillCountExactly() throws Exception {
        Counter c = new Counter();
        int threads = Counter.MAX_CELLS * 3;
        java.util.concurrent.CountDownLatch added = new java.util.concurrent.CountDownLatch(threads);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.increment();
                }
                added.countDown();
                try {
                    release.await(); // alive together: no cell can be taken back
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            all.add(th);
            th.start();
        }
        added.await();
        assertEquals(threads * 1000L, c.sum());
        assertEquals(Counter.MAX_CELLS, c.cellCount());
        release.countDown();
        for (Thread t : all) {
            t.join();
        }
        Thread late = new Thread(() -> c.add(5)); // the ended threads' cells are folded: room again
        late.start();
        late.join();
        assertEquals(threads * 1000L + 5, c.sum());
        assertEquals(1, c.cellCount());
    }
}
