package io.quicksilver.core.command.server;

import io.quicksilver.core.command.CommandSpec;
import java.util.Set;

/**
 * The CLIENT PAUSE state of a node (Redis 7.0's pauseClients): until when, and whether every
 * command or only the ones that may change the dataset are held. A later pause can only make the
 * current one longer or stricter; CLIENT UNPAUSE, or the end time passing, ends it. Thread-safe.
 *
 * <p>The pause does not hold anything by itself: whoever reads commands from clients (the RESP
 * server) asks {@link io.quicksilver.core.command.Node#isPaused} before dispatching each one, and
 * keeps the client's commands waiting, in order, while it answers true.
 */
public final class ClientPause {

    /** What a pause holds. Ordered: a stricter mode compares greater. */
    public enum Mode { NONE, WRITE, ALL }

    /**
     * The commands Redis 7.0 flags MAY_REPLICATE (they may write or propagate even when not
     * flagged "write"); COMMAND INFO does not show that flag, so it is listed here.
     */
    private static final Set<String> MAY_REPLICATE =
            Set.of("eval", "evalsha", "fcall", "publish", "spublish", "pfcount");

    /** Written under this object's lock; volatile so that {@link #mayBeActive} needs none. */
    private volatile Mode mode = Mode.NONE;
    private long endMillis;

    /**
     * Pauses clients (CLIENT PAUSE).
     *
     * @param endMillis  until when, epoch milliseconds of the engine's clock
     * @param mode       WRITE or ALL
     * @param nowMillis  the current time: a pause that already ended is forgotten first
     */
    public synchronized void pause(long endMillis, Mode mode, long nowMillis) {
        expire(nowMillis);
        if (mode.compareTo(this.mode) > 0) {
            this.mode = mode;
        }
        if (endMillis > this.endMillis) {
            this.endMillis = endMillis;
        }
    }

    /** CLIENT UNPAUSE. */
    public synchronized void unpause() {
        mode = Mode.NONE;
        endMillis = 0;
    }

    /**
     * False when no pause is in force: one volatile read, no lock and no clock, for the check
     * every command makes. True does not mean the pause has not ended: ask {@link #mode}.
     */
    public boolean mayBeActive() {
        return mode != Mode.NONE;
    }

    /** The mode in force at {@code nowMillis}: NONE once the end time has passed. */
    public synchronized Mode mode(long nowMillis) {
        expire(nowMillis);
        return mode;
    }

    /** When the current pause ends (epoch milliseconds), or 0 when there is none. */
    public synchronized long endMillis(long nowMillis) {
        expire(nowMillis);
        return mode == Mode.NONE ? 0 : endMillis;
    }

    private void expire(long nowMillis) {
        if (mode != Mode.NONE && nowMillis >= endMillis) {
            mode = Mode.NONE;
            endMillis = 0;
        }
    }

    /** True for a command that a WRITE pause holds: "write" or MAY_REPLICATE in Redis 7.0. */
    public static boolean holdsUnderWritePause(CommandSpec spec) {
        CommandSpec top = spec.parent() == null ? spec : spec.parent();
        return spec.isWrite() || MAY_REPLICATE.contains(top.fullName());
    }
}
