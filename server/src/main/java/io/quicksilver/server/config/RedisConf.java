package io.quicksilver.server.config;

import io.quicksilver.core.command.Node;
import io.quicksilver.server.resp.SplitArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads redis.conf text as Redis 7.0's loadServerConfigFromString does: lines split on
 * {@code \n}, trimmed of blanks and {@code \r}, comments ({@code #} first) and blank lines
 * skipped, each line split as {@link SplitArgs#split} (unbalanced quotes fail), the directive
 * name lower-cased. {@code include path} reads another file in its place (relative paths are
 * relative to the working directory, as in Redis; a pattern with {@code * ? [} includes every
 * matching file in name order and may match none).
 *
 * <p>The result is a flat list of {@link Directive}s in the order Redis would apply them; a line
 * that cannot be parsed becomes a directive carrying its error, reported when it is reached, so
 * errors come out in the order Redis reports them.
 */
public final class RedisConf {
    private RedisConf() {}

    /**
     * One line of configuration.
     *
     * @param source where it came from (a file path, or "command line")
     * @param line   its 1-based line number in that source
     * @param text   the trimmed line, as error reports quote it
     * @param args   name (lower case) and arguments; empty when {@code error} is set
     * @param error  why the line is invalid, or null
     */
    public record Directive(String source, int line, String text, List<String> args, String error) {
        public String name() {
            return args.isEmpty() ? "" : args.get(0);
        }

        /** The failure report for this line with {@code reason}. */
        public ConfigError fail(String reason) {
            return ConfigError.atLine(Node.VERSION, line, text, reason);
        }
    }

    /**
     * Parses configuration text, expanding includes.
     *
     * @param text   the content
     * @param source its name for reports
     * @param depth  include nesting so far (a loop of includes stops at 32)
     */
    public static List<Directive> parse(String text, String source, int depth) throws ConfigError {
        List<Directive> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = trim(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            List<String> args = SplitArgs.split(line);
            if (args == null) {
                out.add(new Directive(source, i + 1, line, List.of(), "Unbalanced quotes in configuration line"));
                continue;
            }
            if (args.isEmpty()) {
                continue;
            }
            args = new ArrayList<>(args);
            args.set(0, args.get(0).toLowerCase(Locale.ROOT));
            Directive d = new Directive(source, i + 1, line, List.copyOf(args), null);
            if (d.name().equals("include") && args.size() == 2) {
                if (depth >= 32) {
                    throw d.fail("Too many nested includes");
                }
                for (Path p : expand(args.get(1))) {
                    out.addAll(parse(read(p), p.toString(), depth + 1));
                }
                continue;
            }
            out.add(d);
        }
        return out;
    }

    /** Reads a configuration file; fails as Redis does when it cannot. */
    public static String read(Path file) throws ConfigError {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "No such file or directory"
                    : e instanceof java.nio.file.AccessDeniedException ? "Permission denied" : String.valueOf(e.getMessage());
            String msg = "Fatal error, can't open config file '" + file + "': " + why;
            throw new ConfigError(msg, msg);
        }
    }

    /** The files an include names: itself, or the matches of a glob pattern (possibly none). */
    static List<Path> expand(String pattern) throws ConfigError {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
            return List.of(Path.of(pattern));
        }
        Path abs = Path.of(pattern).toAbsolutePath();
        Path dir = abs.getParent();
        List<Path> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs.getFileName());
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (m.matches(p.getFileName()) && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new ConfigError("Fatal error, can't read directory '" + dir + "'", e.getMessage());
        }
        out.sort(null);
        return out;
    }

    /** sdstrim(line, " \t\r\n"). */
    private static String trim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && " \t\r\n".indexOf(s.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && " \t\r\n".indexOf(s.charAt(b - 1)) >= 0) {
            b--;
        }
        return s.substring(a, b);
    }
}
