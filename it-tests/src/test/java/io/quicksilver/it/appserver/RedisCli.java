package io.quicksilver.it.appserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** redis-cli against a store on 127.0.0.1. */
public final class RedisCli {
    private RedisCli() {}

    /**
     * Runs {@code redis-cli -h 127.0.0.1 -p <port> args...} and returns its output lines, empty
     * lines dropped, read as ISO-8859-1 so that any value's bytes come through.
     *
     * @throws AssertionError if it exits non-zero or does not finish within 30 s
     */
    public static List<String> run(int port, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        String text = new String(out, StandardCharsets.ISO_8859_1);
        if (p.exitValue() != 0) throw new AssertionError(cmd + " exited with " + p.exitValue() + ": " + text);
        List<String> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) lines.add(l);
        }
        return lines;
    }
}
