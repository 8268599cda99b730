package io.quicksilver.core.command;

import io.quicksilver.core.command.server.ClientPause;
import io.quicksilver.core.engine.evict.EvictionPolicy;
import io.quicksilver.core.engine.evict.Evictor;
import java.util.List;

/**
 * The maxmemory step of Redis 7.0's processCommand, which the dispatcher runs before each command
 * (after the unknown-command, arity and authentication checks, before taking the command's
 * locks): evict keys while the dataset is over maxmemory, and tell which commands are refused
 * when nothing more can be evicted.
 */
final class MaxMemoryGate {
    /** shared.oomerr. */
    static final String OOM = Evictor.OOM_ERROR;

    private MaxMemoryGate() {}

    /**
     * Evicts as the policy says when over maxmemory, and returns the OOM error if the command must
     * be refused, or null to let it run. As Redis, a command is refused only when eviction failed
     * (nothing to evict, or noeviction) and it is flagged denyoom, or it is EXEC with a denyoom
     * command queued, or it would be queued in MULTI (every command but EXEC, DISCARD, QUIT and
     * RESET). No eviction happens while clients are paused (Redis's isSafeToPerformEvictions).
     *
     * @param node   the node
     * @param client the client whose command it is; it holds no segment lock
     * @param spec   the command (subcommand resolved)
     * @return {@link #OOM} or null
     */
    static String check(Node node, Client client, CommandSpec spec) {
        Evictor evictor = node.engine().evictor();
        if (!evictor.pending()) {
            return null; // no limit, or under it with nothing to record: the common case
        }
        long now = node.engine().clock().millis();
        if (node.pause().mode(now) != ClientPause.Mode.NONE) {
            return null;
        }
        boolean evicting = evictor.policy() != EvictionPolicy.NOEVICTION && evictor.overLimit();
        long start = System.nanoTime();
        Evictor.Result result = evictor.perform();
        if (evicting) { // LATENCY's "eviction-cycle", as Redis times the eviction loop
            node.latency().addIfNeeded("eviction-cycle", (System.nanoTime() - start) / 1_000_000, now / 1000);
        }
        if (result != Evictor.Result.FAIL) {
            return null;
        }
        String name = spec.fullName();
        boolean reject = spec.isDenyOom();
        if (!reject && "exec".equals(name)) {
            List<Client.Queued> queued = client.multi;
            if (queued != null) {
                for (Client.Queued q : queued) {
                    reject |= q.spec().isDenyOom();
                }
            }
        }
        if (client.inMulti() && !name.equals("exec") && !name.equals("discard")
                && !name.equals("quit") && !name.equals("reset")) {
            reject = true;
        }
        return reject ? OOM : null;
    }
}
