package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionCommandsTest {

    @Test
    void execRunsQueuedCommandsInOrder() {
        try (CommandHarness h = new CommandHarness()) {
            assertEquals("OK", h.run("MULTI"));
            assertEquals("QUEUED", h.run("PING"));
            assertEquals("QUEUED", h.run("ECHO", "x"));
            assertEquals(List.of("PONG", "x"), h.run("EXEC"));
        }
    }

    @Test
    void errorsOutsideAndInsideMulti() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR EXEC without MULTI", "EXEC");
            h.assertError("ERR DISCARD without MULTI", "DISCARD");
            h.run("MULTI");
            h.assertError("ERR MULTI calls can not be nested", "MULTI");
            h.assertError("ERR WATCH inside MULTI is not allowed", "WATCH", "k");
            assertEquals("OK", h.run("DISCARD"));
        }
    }

    @Test
    void queuedErrorAbortsExec() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("MULTI");
            h.assertError("ERR unknown command 'NOSUCH', with args beginning with: 'a' ", "NOSUCH", "a");
            h.assertError("ERR wrong number of arguments for 'echo' command", "ECHO");
            h.assertError("EXECABORT Transaction discarded because of previous errors.", "EXEC");
            h.assertError("ERR EXEC without MULTI", "EXEC");
        }
    }

    @Test
    void watchedKeyTouchedByAnotherClientAbortsExec() {
        try (CommandHarness h = new CommandHarness()) {
            Client other = h.newClient();
            assertEquals("OK", h.run("WATCH", "k"));
            // UNWATCH by DISCARD etc. is covered elsewhere; here a change by another client
            h.run(other, "MULTI");
            h.run(other, "PING");
            h.run(other, "EXEC");
            h.run("MULTI");
            h.run("PING");
            assertEquals(List.of("PONG"), h.run("EXEC"), "PING touches nothing");
        }
    }

    @Test
    void unwatchForgetsKeys() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("WATCH", "a", "b");
            assertEquals(2, h.client.watchedCount());
            h.run("UNWATCH");
            assertEquals(0, h.client.watchedCount());
            assertNull(h.client.multi);
        }
    }

    @Test
    void execWithWrongArityInsideMultiAbortsTheTransaction() {
        try (CommandHarness h = new CommandHarness()) {
            h.run("MULTI");
            h.run("PING");
            h.assertError("EXECABORT Transaction discarded because of: wrong number of arguments for "
                    + "'exec' command", "EXEC", "extra");
            h.assertError("ERR EXEC without MULTI", "EXEC");
            h.assertError("EXECABORT Transaction discarded because of: wrong number of arguments for "
                    + "'exec' command", "EXEC", "extra");
        }
    }
}
