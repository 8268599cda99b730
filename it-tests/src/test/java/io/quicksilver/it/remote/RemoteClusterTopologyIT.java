package io.quicksilver.it.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.cluster.SlotHash;
import io.quicksilver.core.store.Store;
import io.quicksilver.it.RedisCluster;
import io.quicksilver.remote.RemoteStoreProvider;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cluster that grows while a store listens: a fourth master joins and takes slots
 * ({@code redis-cli --cluster add-node} and {@code reshard}); the store follows the moved slots and
 * hears expiry events from the new master too (notification flags set there, keyevent channels
 * subscribed there).
 */
class RemoteClusterTopologyIT {
    @Test
    void expiryEventsFromAMasterThatJoinedLater() throws InterruptedException {
        try (RedisCluster cluster = RedisCluster.start();
                Store store = new RemoteStoreProvider().open(URI.create(cluster.uri()), Map.of("topology-refresh", "300"));
                Store listener = new RemoteStoreProvider().open(URI.create(cluster.uri()), Map.of("topology-refresh", "300"));
                // refreshes its slot map only when redirected: its first write after the move is
                Store writer = new RemoteStoreProvider().open(URI.create(cluster.uri()), Map.of("topology-refresh", "600000"))) {
            String ns = "grow:" + UUID.randomUUID() + ":";
            BlockingQueue<String> heard = new LinkedBlockingQueue<>();
            try (Store.Subscription sub = listener.onExpired(ns.getBytes(UTF_8),
                    (key, v, e) -> heard.add(new String(key, UTF_8)))) {
                int first = cluster.ports().get(0);
                int added = cluster.addMaster();
                cluster.moveSlots(first, added, 200); // the lowest slots of the first master: 0..199
                // the one-round-trip hash and set writes queue on a connection to the old master:
                // MOVED at queueing aborts the EXEC; they refresh the map and go to the new one
                String moved = ns + "h";
                for (int n = 0; SlotHash.getSlot(moved.getBytes(UTF_8)) >= 200; n++) moved = ns + "h" + n;
                byte[] mk = moved.getBytes(UTF_8);
                assertTrue(writer.hupdate(mk, Map.of("#created", "1".getBytes(UTF_8)), List.of(), 60_000, false));
                assertEquals(Set.of("#created"), writer.hgetAll(mk).keySet());
                byte[] sk = ("{" + moved + "}s").getBytes(UTF_8); // the same slot
                assertEquals(1, writer.sadd(sk, List.of("m".getBytes(UTF_8)), 60_000));
                String got = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                for (int n = 0; got == null && System.nanoTime() < deadline; n++) {
                    String key = ns + n;
                    if (SlotHash.getSlot(key.getBytes(UTF_8)) >= 200) continue;
                    store.set(key.getBytes(UTF_8), "v".getBytes(UTF_8), 20); // MOVED: the store learns the new map
                    Thread.sleep(50);
                    store.exists(key.getBytes(UTF_8));
                    got = heard.poll(200, TimeUnit.MILLISECONDS);
                }
                assertTrue(got != null && got.startsWith(ns), "heard from the new master: " + got);
                String flags = StoreContract.notifyFlags(added);
                assertTrue(flags.contains("E") && flags.contains("x"), "flags on the new master: " + flags);
                assertEquals(0, heard.stream().filter(h -> !h.startsWith(ns)).count());
            }
        }
    }
}
