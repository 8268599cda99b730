package io.quicksilver.it.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import io.quicksilver.core.store.Store;
import io.quicksilver.it.RedisCluster;
import io.quicksilver.it.RespClient;
import io.quicksilver.it.Resp;
import io.quicksilver.remote.RemoteStoreProvider;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The remote store on a real Redis Cluster (three redis-server masters, {@code redis-cluster://}
 * URI): the whole {@link StoreContract}, plus checks that work really is spread over every master
 * (SCAN, UNLINK, expiry events, compute's WATCH on the key's own master).
 */
class RemoteClusterIT extends StoreContract {
    private static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Override
    Store open(Map<String, String> properties) {
        return new RemoteStoreProvider().open(URI.create(cluster.uri()), properties);
    }

    @Override
    List<Integer> masterPorts() {
        return cluster.ports();
    }

    @Override
    boolean cluster() {
        return true;
    }

    /** A key of this test in the slot range of master {@code i} (0, 1, 2 as created). */
    private byte[] keyOn(int master, String name) {
        for (int n = 0; ; n++) {
            byte[] key = k(name + "-" + n);
            int slot = SlotHash.getSlot(key);
            int owner = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2; // as redis-cli --cluster create splits 3 masters
            if (owner == master) return key;
        }
    }

    private static long dbsize(int port) {
        try (RespClient c = new RespClient(port)) {
            return ((Resp.Int) c.call("DBSIZE")).value();
        }
    }

    @Test
    void scanAndDeleteReachEveryMaster() {
        for (int i = 0; i < 600; i++) store.set(k("spread:" + i), b("v"), Store.PERSIST);
        for (int port : masterPorts()) assertTrue(dbsize(port) > 100, "keys on " + port);
        Set<String> seen = new HashSet<>();
        store.scan(k("spread:"), key -> seen.add(new String(key, UTF_8)));
        assertEquals(600, seen.size());
        assertEquals(600, store.deleteByPrefix(k("spread:")));
        store.scan(k("spread:"), key -> seen.remove(new String(key, UTF_8)));
        assertEquals(600, seen.size(), "nothing left to scan");
        for (int i = 0; i < 600; i += 37) assertEquals(false, store.exists(k("spread:" + i)));
    }

    @Test
    void expiryEventsFromEveryMaster() throws InterruptedException {
        Store listener = another();
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (Store.Subscription sub = listener.onExpired(k("e"), (key, v, ev) -> heard.add(new String(key, UTF_8)))) {
            Set<String> want = new HashSet<>();
            for (int m = 0; m < 3; m++) {
                byte[] key = keyOn(m, "e");
                want.add(new String(key, UTF_8));
                store.set(key, b("v"), 30);
            }
            Thread.sleep(80);
            Set<String> got = new HashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < 3 && System.nanoTime() < deadline) {
                for (String w : want) store.exists(w.getBytes(UTF_8));
                String h = heard.poll(200, TimeUnit.MILLISECONDS);
                if (h != null) got.add(h);
            }
            assertEquals(want, got);
        }
    }

    @Test
    void computeOnEveryMaster() {
        for (int m = 0; m < 3; m++) {
            byte[] key = keyOn(m, "c");
            for (int i = 0; i < 5; i++) {
                store.compute(key, (v, t, d) -> {
                    d.set(b(Integer.toString(v == null ? 1 : Integer.parseInt(s(v)) + 1)), 60_000);
                    return null;
                });
            }
            assertEquals("5", s(store.get(key)));
        }
    }
}
