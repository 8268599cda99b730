package io.quicksilver.server.config;

import io.quicksilver.server.resp.SplitArgs;
import java.util.List;

/**
 * redis-server's command line: {@code [config-file] [-] [--name value ...]}. Options are
 * turned into configuration lines appended after the file's content (and standard input's,
 * with {@code -}), so they override it: {@code --port 6380 --bind 127.0.0.1 ::1} becomes the
 * lines {@code port "6380"} and {@code bind "127.0.0.1" "::1"}. As Redis 7.0 does, a lone
 * {@code --save} (last, or followed by another option) means {@code save ""}, and an option
 * name with its value in one argument ({@code "--port 6380"}) works.
 */
public final class CommandLine {
    private CommandLine() {}

    /** What to do. */
    public enum Action { RUN, VERSION, HELP }

    /**
     * The parsed command line.
     *
     * @param action     run, or print version/help
     * @param configFile the redis.conf path, or null
     * @param stdin      true when configuration is also read from standard input ("-")
     * @param options    the configuration lines the options make ("" if none)
     */
    public record Parsed(Action action, String configFile, boolean stdin, String options) {}

    /** Parses {@code argv} (without the program name) as redis-server's main() does. */
    public static Parsed parse(String[] argv) {
        if (argv.length == 0) {
            return new Parsed(Action.RUN, null, false, "");
        }
        if (argv[0].equals("-v") || argv[0].equals("--version")) {
            return new Parsed(Action.VERSION, null, false, "");
        }
        if (argv[0].equals("--help") || argv[0].equals("-h")) {
            return new Parsed(Action.HELP, null, false, "");
        }
        int j = 0;
        String configFile = null;
        if (!argv[0].startsWith("-")) {
            configFile = argv[0];
            j = 1;
        }
        boolean stdin = false;
        boolean handledLastConfigArg = true;
        StringBuilder options = new StringBuilder();
        for (; j < argv.length; j++) {
            String a = argv[j];
            if (a.equals("-") && (j == 0 || j == argv.length - 1)) {
                stdin = true;
            } else if (handledLastConfigArg && a.startsWith("--")) {
                if (options.length() > 0) {
                    options.append('\n');
                }
                options.append(a, 2, a.length()).append(' ');
                List<String> parts = SplitArgs.split(a);
                if (parts != null && parts.size() == 1) {
                    handledLastConfigArg = false;
                    boolean nextIsOption = j != argv.length - 1 && argv[j + 1].startsWith("--");
                    if (a.equalsIgnoreCase("--save") && (nextIsOption || j == argv.length - 1)) {
                        options.append("\"\"");
                        handledLastConfigArg = true;
                    }
                } else {
                    handledLastConfigArg = true;
                }
            } else {
                options.append(SplitArgs.repr(a)).append(' ');
                handledLastConfigArg = true;
            }
        }
        return new Parsed(Action.RUN, configFile, stdin, options.toString());
    }
}
