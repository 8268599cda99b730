package io.quicksilver.core.command.server;

import io.quicksilver.core.command.CommandSpec;
import io.quicksilver.core.command.CommandTable;
import io.quicksilver.core.command.Commands;
import io.quicksilver.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates {@code docs/commands.md}, the list of supported commands, from the command table:
 * per group, each implemented command with the Redis version that introduced it, its summary and
 * its implemented subcommands; then what Redis has and we do not. {@code CommandTableTest} fails
 * when the file differs from what this generates.
 *
 * <p>Regenerate with {@code mvn -o -q -pl core test -Dtest=CommandTableTest
 * -Dquicksilver.docs.regenerate=true}, or run this class with the output path as argument.
 */
public final class CommandsMarkdown {
    /** How to regenerate the file, printed in it and in the test's failure message. */
    public static final String REGENERATE =
            "mvn -o -q -pl core test -Dtest=CommandTableTest -Dquicksilver.docs.regenerate=true";

    private CommandsMarkdown() {}

    /** Writes the markdown of the standard command table to {@code args[0]} (default docs/commands.md). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/commands.md");
        Files.writeString(out, generate(CommandTable.build(Commands.standardGroups())));
    }

    /** The markdown for {@code table}. */
    public static String generate(CommandTable table) {
        Map<String, List<CommandSpec>> byGroup = new TreeMap<>();
        for (CommandSpec c : table.all()) {
            byGroup.computeIfAbsent(c.group(), g -> new ArrayList<>()).add(c);
        }
        Map<String, Object> redis = redisCommands();
        int redisCount = redis.size();
        StringBuilder sb = new StringBuilder();
        sb.append("# Supported commands\n\n");
        sb.append("<!-- Generated from the command table by ").append(CommandsMarkdown.class.getName())
                .append(": do not edit by hand.\n     Regenerate: ").append(REGENERATE).append(" -->\n\n");
        sb.append("Quicksilver implements ").append(table.size()).append(" of the ").append(redisCount)
                .append(" commands of Redis ").append(table.redisVersion())
                .append(", with Redis's replies and errors. A command or subcommand that is not listed ")
                .append("answers Redis's unknown-command (or unknown-subcommand) error and is absent from ")
                .append("`COMMAND`.\n");
        for (Map.Entry<String, List<CommandSpec>> g : byGroup.entrySet()) {
            sb.append("\n## ").append(g.getKey()).append("\n\n");
            sb.append("| Command | Since | Summary | Implemented subcommands |\n");
            sb.append("|---|---|---|---|\n");
            for (CommandSpec c : g.getValue()) {
                sb.append("| `").append(c.fullName().toUpperCase(Locale.ROOT)).append("` | ")
                        .append(c.since()).append(" | ").append(cell(c.summary())).append(" | ");
                if (c.isContainer()) {
                    List<String> subs = new ArrayList<>();
                    for (CommandSpec s : c.subcommands().values()) {
                        subs.add(s.name().toUpperCase(Locale.ROOT));
                    }
                    subs.sort(null);
                    int all = subcommandCount(redis, c.fullName());
                    sb.append(subs.size()).append(" of ").append(all).append(": ");
                    for (int i = 0; i < subs.size(); i++) {
                        sb.append(i == 0 ? "" : ", ").append('`').append(subs.get(i)).append('`');
                    }
                }
                sb.append(" |\n");
            }
        }
        Map<String, List<String>> missing = new TreeMap<>();
        for (Map.Entry<String, Object> e : redis.entrySet()) {
            if (table.lookup(e.getKey()) == null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> docs = (Map<String, Object>) ((Map<String, Object>) e.getValue()).get("docs");
                String group = docs == null || docs.get("group") == null ? "" : (String) docs.get("group");
                missing.computeIfAbsent(group, k -> new ArrayList<>()).add(e.getKey().toUpperCase(Locale.ROOT));
            }
        }
        if (!missing.isEmpty()) {
            sb.append("\n## Not implemented\n\n");
            for (Map.Entry<String, List<String>> m : missing.entrySet()) {
                m.getValue().sort(null);
                sb.append("- ").append(m.getKey()).append(": ");
                for (int i = 0; i < m.getValue().size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append('`').append(m.getValue().get(i)).append('`');
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    @SuppressWarnings("unchecked")
    private static int subcommandCount(Map<String, Object> redis, String name) {
        Map<String, Object> c = (Map<String, Object>) redis.get(name);
        return c == null ? 0 : ((List<Object>) c.get("subcommands")).size();
    }

    /** Every command of the bundled Redis metadata, by name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> redisCommands() {
        try (InputStream in = CommandTable.class.getResourceAsStream("redis-commands.json")) {
            if (in == null) {
                throw new IllegalStateException("redis-commands.json missing from the classpath");
            }
            Map<String, Object> json = (Map<String, Object>) Json.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return new TreeMap<>((Map<String, Object>) json.get("commands"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
