package io.quicksilver.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external program (redis-cli, redis-benchmark) with a time limit and captures its output. */
final class Proc {
    private Proc() {}

    /** What a finished program left: exit code, stdout and stderr (UTF-8). */
    record Result(int exit, String out, String err) {
        /** stdout split into lines, CR and LF both ending a line, blank lines kept. */
        List<String> lines() {
            return List.of(out.split("\r?\n", -1));
        }

        @Override public String toString() {
            return "exit=" + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
        }
    }

    /**
     * Runs {@code command}, feeding it {@code stdin} (may be null: nothing, stdin closed), and
     * waits up to {@code timeoutSeconds}; a program still running then is killed and the call
     * fails.
     */
    static Result run(byte[] stdin, int timeoutSeconds, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin);
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream s) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (s) {
                f.complete(s.readAllBytes());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "proc-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }
}
