package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CLIENT UNBLOCK and how blocked clients show in INFO and CLIENT LIST (redis-server 7.0.15). */
class ClientUnblockTest {

    private static String field(CommandHarness h, String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " missing");
    }

    @Test
    void unblockWithTimeoutOrErrorAnswersTheBlockedClient() throws Exception {
        try (CommandHarness h = new CommandHarness()) {
            ListBlockingTest.ShapeConnection conn = new ListBlockingTest.ShapeConnection(2);
            Client c = h.newClient(conn);
            assertEquals(List.of(), ListCommandsTest.shape(h, c, "BLPOP", "k", "0"));
            assertTrue(c.isBlocked());
            String info = (String) h.run("INFO", "clients");
            assertEquals("1", field(h, info, "blocked_clients"));
            assertEquals("0", field(h, info, "clients_in_timeout_table"));
            String list = (String) h.run("CLIENT", "LIST", "ID", Long.toString(c.id()));
            assertTrue(list.contains(" flags=b "), list);

            assertEquals(1L, h.run("CLIENT", "UNBLOCK", Long.toString(c.id())));
            assertEquals(List.of(List.of("*-1")), conn.await(1, 2000), "the timeout reply of BLPOP");
            assertFalse(c.isBlocked());
            assertEquals(0L, h.run("CLIENT", "UNBLOCK", Long.toString(c.id())), "no longer blocked");

            assertEquals(List.of(), ListCommandsTest.shape(h, c, "BLPOP", "k", "100"));
            assertEquals("1", field(h, (String) h.run("INFO", "clients"), "clients_in_timeout_table"));
            assertEquals(1L, h.run("CLIENT", "UNBLOCK", Long.toString(c.id()), "ERROR"));
            assertEquals(List.of("-UNBLOCKED client unblocked via CLIENT UNBLOCK"), conn.await(2, 2000).get(1));
            assertEquals("0", field(h, (String) h.run("INFO", "clients"), "blocked_clients"));
            assertEquals(1L, h.run("LPUSH", "k", "v"));
            assertEquals(1L, h.run("LLEN", "k"), "no waiter is left to take it");
            assertEquals(2, conn.values().size());
        }
    }

    @Test
    void errors() {
        try (CommandHarness h = new CommandHarness()) {
            h.assertError("ERR value is not an integer or out of range", "CLIENT", "UNBLOCK", "abc");
            h.assertError("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR", "CLIENT", "UNBLOCK", "1", "foo");
            assertEquals(0L, h.run("CLIENT", "UNBLOCK", "99999"));
            assertEquals(0L, h.run("CLIENT", "UNBLOCK", Long.toString(h.client.id()), "timeout"));
        }
    }
}
