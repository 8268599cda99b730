package io.quicksilver.it.liberty;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds the test WAR: compiles {@code src/liberty/app} (the servlet and an attribute class of
 * the application's own; the WildFly test deploys it too) against the container's servlet API
 * jar and zips the classes as {@code WEB-INF/classes}. Building it here keeps the servlet API off it-tests' class path.
 */
public final class TestApp {
    private TestApp() {}

    /**
     * Builds the WAR against Liberty's servlet 6.0 API jar.
     *
     * @param sources the application's source root
     * @param wlp the distribution, whose {@code dev/api/spec} holds the servlet 6.0 API jar
     * @param work a directory for the classes and the WAR
     * @return the WAR
     */
    static Path build(Path sources, Path wlp, Path work) throws IOException {
        Path api;
        try (Stream<Path> s = Files.list(wlp.resolve("dev/api/spec"))) {
            api = s.filter(p -> p.getFileName().toString().startsWith("io.openliberty.jakarta.servlet.6.0_"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no servlet 6.0 API jar in " + wlp));
        }
        return buildAgainst(sources, api, work);
    }

    /**
     * Builds the WAR against the given servlet API jar (another container's).
     *
     * @param sources the application's source root
     * @param api the jakarta.servlet 6 API jar
     * @param work a directory for the classes and the WAR
     * @return the WAR
     */
    public static Path buildAgainst(Path sources, Path api, Path work) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toString()));
        }
        Path classes = Files.createDirectories(work.resolve("war-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("the tests need a JDK (no system Java compiler)");
        List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-cp", api.toString(),
                "-d", classes.toString()));
        args.addAll(files);
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("javac failed (" + rc + ") on " + files);
        Path war = work.resolve("app.war");
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out);
                Stream<Path> s = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, zip);
                zip.closeEntry();
            }
        }
        return war;
    }
}
