package io.quicksilver.core.command.server;

import io.quicksilver.core.command.CommandException;
import io.quicksilver.core.command.CommandSpec;
import io.quicksilver.core.command.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HELP replies of container commands, in Redis's addReplyHelp shape: a header line, the
 * entries, and the HELP entry, each a status string. Each entry belongs to a subcommand and is
 * only printed when that subcommand is implemented, so HELP never offers what we do not have.
 */
public final class Help {
    private final Map<String, List<String>> entries = new LinkedHashMap<>();

    /**
     * Adds the help lines of one subcommand, in the order Redis prints them.
     *
     * @param subcommand the subcommand they describe ("list"); several entries may share one;
     *                   "" for lines about the command itself, always printed
     * @param lines      the text lines, the first unindented, the rest indented by 4 spaces
     */
    public Help entry(String subcommand, String... lines) {
        String key = subcommand.toLowerCase(Locale.ROOT);
        entries.computeIfAbsent(key, k -> new ArrayList<>()).addAll(List.of(lines));
        return this;
    }

    /**
     * Writes the help of {@code container} (only its implemented subcommands; for a command
     * without subcommands, every entry).
     *
     * @param reply     where to write
     * @param typedName the command name as the client typed it; printed upper case as Redis
     * @param container the command whose subcommands decide which entries are printed
     */
    public void write(Reply reply, byte[] typedName, CommandSpec container) {
        List<String> lines = new ArrayList<>();
        lines.add(new String(typedName, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
                + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (Map.Entry<String, List<String>> e : entries.entrySet()) {
            if (e.getKey().isEmpty() || !container.isContainer()
                    || container.subcommand(e.getKey()) != null) {
                lines.addAll(e.getValue());
            }
        }
        lines.add("HELP");
        lines.add("    Prints this help.");
        reply.array(lines.size());
        for (String l : lines) {
            reply.simple(l);
        }
    }

    /**
     * Redis's addReplySubcommandSyntaxError: "ERR unknown subcommand or wrong number of arguments
     * for 'GET'. Try SLOWLOG HELP."
     */
    public static CommandException syntaxError(byte[] typedCommand, byte[] typedSubcommand) {
        String sub = new String(typedSubcommand, StandardCharsets.UTF_8);
        if (sub.length() > 128) {
            sub = sub.substring(0, 128);
        }
        return new CommandException("ERR unknown subcommand or wrong number of arguments for '"
                + sub.replace('\r', ' ').replace('\n', ' ') + "'. Try "
                + new String(typedCommand, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT) + " HELP.");
    }
}
