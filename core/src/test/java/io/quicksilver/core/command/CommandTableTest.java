package io.quicksilver.core.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.command.server.CommandsMarkdown;
import io.quicksilver.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command table as data: every spec has a handler, every handler a spec, what is not
 * implemented is unknown, and docs/commands.md is what the table generates.
 */
class CommandTableTest {
    private static final Handler NONE = ctx -> { };

    @Test
    void docsCommandsMdIsWhatTheTableGenerates() throws IOException {
        Path file = Path.of("..", "docs", "commands.md").toAbsolutePath().normalize();
        String generated = CommandsMarkdown.generate(CommandTable.build(Commands.standardGroups()));
        if (Boolean.getBoolean("quicksilver.docs.regenerate")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated);
        }
        String onDisk = Files.exists(file) ? Files.readString(file) : "";
        assertTrue(generated.equals(onDisk), () -> file + " is not what the command table generates "
                + "(" + firstDifference(onDisk, generated) + "); regenerate it with\n    "
                + CommandsMarkdown.REGENERATE + "\n");
    }

    private static String firstDifference(String onDisk, String generated) {
        String[] a = onDisk.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of file>";
            String y = i < b.length ? b[i] : "<end of file>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + ": file has \"" + x + "\", table generates \"" + y + "\"";
            }
        }
        return "same lines";
    }

    @Test
    void theGeneratedDocsListGroupsCommandsAndImplementedSubcommands() {
        CommandTable t = CommandTable.build(List.of(b -> b.bind("get", NONE).bind("client|id", NONE)
                .bind("client|list", NONE).bind("ping", NONE)));
        String md = CommandsMarkdown.generate(t);
        assertTrue(md.contains("Quicksilver implements 3 of the 240 commands of Redis 7.0.15"), md);
        assertTrue(md.contains("\n## connection\n\n| Command | Since | Summary | Implemented subcommands |\n"
                + "|---|---|---|---|\n| `CLIENT` | 2.4.0 | A container for client connection commands | "
                + "2 of 16: `ID`, `LIST` |\n| `PING` | 1.0.0 | Ping the server |  |\n"), md);
        assertTrue(md.contains("\n## string\n\n"), md);
        assertTrue(md.indexOf("## connection") < md.indexOf("## string"), "groups in order");
        assertTrue(md.contains("\n## Not implemented\n"), md);
        assertTrue(md.contains("`SET`"), "SET is listed as not implemented");
        assertTrue(md.contains(CommandsMarkdown.REGENERATE));
    }

    @Test
    void aHandlerWithoutASpecFailsTheBuild() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CommandTable.build(List.of(b -> b.bind("nosuchcommand", NONE))));
        assertEquals("no spec in redis-commands.json for handler nosuchcommand", e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> CommandTable.build(List.of(b -> b.bind("client|nosuch", NONE))));
        assertEquals("no spec in redis-commands.json for handler client|nosuch", e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> CommandTable.build(List.of(b -> b.bind("get", NONE), b -> b.bind("GET", NONE))));
        assertEquals("two handlers for get", e.getMessage());
    }

    @Test
    void everySpecInTheTableHasAHandler() {
        CommandTable t = CommandTable.build(Commands.standardGroups());
        assertTrue(t.size() > 0);
        for (CommandSpec c : t.all()) {
            if (c.isContainer()) {
                assertFalse(c.subcommands().isEmpty(), c.fullName());
                for (CommandSpec sub : c.subcommands().values()) {
                    assertNotNull(sub.handler(), sub.fullName() + " is in the table without a handler");
                    assertTrue(sub.parent() == c, sub.fullName());
                }
            } else {
                assertNotNull(c.handler(), c.fullName() + " is in the table without a handler");
            }
        }
        for (CommandSpec c : t.allWithSubcommands()) {
            assertTrue(c.handler() != null || c.isContainer(), c.fullName());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> redisCommands() throws IOException {
        try (InputStream in = CommandTable.class.getResourceAsStream("redis-commands.json")) {
            Map<String, Object> json = (Map<String, Object>) Json.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (Map<String, Object>) json.get("commands");
        }
    }

    @Test
    void unimplementedCommandsAreUnknownAndAbsentFromCommand() throws IOException {
        try (CommandHarness h = new CommandHarness()) {
            Map<String, Object> redis = redisCommands();
            List<String> missing = new ArrayList<>();
            for (String name : redis.keySet()) {
                if (h.node.commands().lookup(name) == null) {
                    missing.add(name);
                }
            }
            assertFalse(missing.isEmpty(), "Redis has commands we do not implement (yet)");
            assertEquals((long) (redis.size() - missing.size()), h.run("COMMAND", "COUNT"));
            List<?> all = (List<?>) h.run("COMMAND");
            List<?> names = (List<?>) h.run("COMMAND", "LIST");
            List<String> infoNames = new ArrayList<>();
            for (Object o : all) {
                infoNames.add((String) ((List<?>) o).get(0));
            }
            for (String name : missing) {
                String typed = name.toUpperCase(Locale.ROOT);
                h.assertError("ERR unknown command '" + typed + "', with args beginning with: ", typed);
                h.assertError("ERR unknown command '" + name + "', with args beginning with: 'a' ", name, "a");
                assertFalse(infoNames.contains(name), name);
                assertFalse(names.contains(name), name);
                assertNull(((List<?>) h.run("COMMAND", "INFO", name)).get(0), name);
                assertEquals(Map.of(), h.run("COMMAND", "DOCS", name), name);
            }
        }
    }

    @Test
    void unimplementedSubcommandsAreUnknownAndAbsent() {
        try (CommandHarness h = new CommandHarness()) {
            CommandSpec client = h.node.commands().lookup("client");
            assertNull(client.subcommand("tracking"), "CLIENT TRACKING is not implemented");
            h.assertError("ERR unknown subcommand 'tracking'. Try CLIENT HELP.", "client", "tracking", "on");
            assertFalse(((List<?>) h.run("COMMAND", "LIST")).contains("client|tracking"));
            assertNull(((List<?>) h.run("COMMAND", "INFO", "client|tracking")).get(0));
        }
    }
}
