package io.quicksilver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RestoresRootLogging.class)
class StartupTrainingTest {
    @Test
    void trainsAgainstARealServerAndStopsIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int replies = StartupTraining.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        // 3 round trips, 50 batches of 20, 6 single commands, QUIT
        assertEquals(StartupTraining.CONNECTIONS * (4 + StartupTraining.ROUNDS * StartupTraining.BATCH) + 6 + 1, replies);
        assertTrue(QuicksilverServer.running().isEmpty(), "the training server is stopped");
    }

    @Test
    void leavesTheRealServersFilesAndPasswordAlone(@TempDir Path dir) throws IOException {
        // the training run inherits the production server's MicroProfile Config
        Path pid = dir.resolve("server.pid");
        Path log = dir.resolve("server.log");
        Files.writeString(pid, "4242\n");
        System.setProperty("quicksilver.server.pidfile", pid.toString());
        System.setProperty("quicksilver.server.logfile", log.toString());
        System.setProperty("quicksilver.requirepass", "secret");
        System.setProperty("quicksilver.maxmemory", "1");
        try {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            PrintStream p = new PrintStream(sink, true, StandardCharsets.UTF_8);
            assertEquals(StartupTraining.CONNECTIONS * (4 + StartupTraining.ROUNDS * StartupTraining.BATCH) + 6 + 1,
                    StartupTraining.run(p, p));
        } finally {
            System.clearProperty("quicksilver.server.pidfile");
            System.clearProperty("quicksilver.server.logfile");
            System.clearProperty("quicksilver.requirepass");
            System.clearProperty("quicksilver.maxmemory");
        }
        assertEquals("4242\n", Files.readString(pid));
        assertFalse(Files.exists(log));
    }

    @Test
    void readsNestedRepliesAndRefusesErrors() throws IOException {
        String wire = "*2\r\n$1\r\na\r\n*1\r\n:3\r\n$-1\r\n-ERR no\r\n";
        ByteArrayInputStream in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8));
        assertEquals("*2\r\n$1\r\na\r\n*1\r\n:3", StartupTraining.readReply(in));
        assertEquals("$-1", StartupTraining.readReply(in));
        assertThrows(IOException.class, () -> StartupTraining.readReply(in));
        assertEquals("*1\r\n$3\r\nGET\r\n", new String(StartupTraining.encode("GET"), StandardCharsets.UTF_8));
    }
}
