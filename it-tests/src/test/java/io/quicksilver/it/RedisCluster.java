package io.quicksilver.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three redis-server masters (no replicas) on free loopback ports, each in its
 * own temporary directory, joined with {@code redis-cli --cluster create}. Skips the calling test
 * (JUnit assumption) when redis-server or redis-cli is missing. {@link #close()} stops them all.
 */
public final class RedisCluster implements AutoCloseable {
    private final List<RedisReference> nodes;

    private RedisCluster(List<RedisReference> nodes) {
        this.nodes = nodes;
    }

    /** Starts three masters and waits until the cluster state is ok on each of them. */
    public static RedisCluster start() {
        RedisReference.assumeInstalled("redis-server");
        RedisReference.assumeInstalled("redis-cli");
        List<RedisReference> nodes = new ArrayList<>();
        RedisCluster cluster = new RedisCluster(nodes);
        try {
            for (int i = 0; i < 3; i++) {
                // the cluster bus listens on port + 10000: RedisReference retries another port if that fails
                nodes.add(RedisReference.start(List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000")));
            }
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisReference n : nodes) cmd.add("127.0.0.1:" + n.port());
            cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Proc.Result r = Proc.run(null, 60, cmd);
            if (r.exit() != 0) throw new IllegalStateException("redis-cli --cluster create failed: " + r);
            cluster.awaitOk();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitOk() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (RedisReference n : nodes) {
                try (RespClient c = new RespClient(n.port(), 2000)) {
                    last = ((Resp.Bulk) c.call("CLUSTER", "INFO")).utf8();
                    ok &= last.contains("cluster_state:ok") && last.contains("cluster_known_nodes:" + nodes.size());
                }
            }
            if (ok) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("cluster not ok after 30 s: " + last);
    }

    /** Starts one more (empty) master and joins it to the cluster with {@code redis-cli --cluster add-node}. */
    public int addMaster() {
        RedisReference n = RedisReference.start(List.of("--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
        nodes.add(n);
        Proc.Result r = Proc.run(null, 60, List.of("redis-cli", "--cluster", "add-node",
                "127.0.0.1:" + n.port(), "127.0.0.1:" + nodes.get(0).port()));
        if (r.exit() != 0) throw new IllegalStateException("redis-cli --cluster add-node failed: " + r);
        awaitOk();
        return n.port();
    }

    /** Moves {@code slots} slots from the master on {@code fromPort} to the one on {@code toPort} (redis-cli --cluster reshard). */
    public void moveSlots(int fromPort, int toPort, int slots) {
        Proc.Result r = Proc.run(null, 120, List.of("redis-cli", "--cluster", "reshard", "127.0.0.1:" + fromPort,
                "--cluster-from", id(fromPort), "--cluster-to", id(toPort), "--cluster-slots", Integer.toString(slots),
                "--cluster-yes"));
        if (r.exit() != 0) throw new IllegalStateException("redis-cli --cluster reshard failed: " + r);
        awaitOk();
    }

    private static String id(int port) {
        try (RespClient c = new RespClient(port, 2000)) {
            return ((Resp.Bulk) c.call("CLUSTER", "MYID")).utf8();
        }
    }

    /** The masters' ports, in the order the slots were assigned (0-5460, 5461-10922, 10923-16383). */
    public List<Integer> ports() {
        List<Integer> p = new ArrayList<>();
        for (RedisReference n : nodes) p.add(n.port());
        return p;
    }

    /** {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}. */
    public String uri() {
        StringBuilder sb = new StringBuilder("redis-cluster://");
        for (RedisReference n : nodes) {
            if (sb.length() > "redis-cluster://".length()) sb.append(',');
            sb.append("127.0.0.1:").append(n.port());
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (RedisReference n : nodes) n.close();
    }
}
