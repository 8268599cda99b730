package io.quicksilver.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.server.config.RedisConf.Directive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisConfTest {
    @TempDir
    Path dir;

    @Test
    void commentsBlanksQuotesAndCase() throws Exception {
        List<Directive> d = RedisConf.parse("""
                # a comment
                   \t
                PORT 7000\r
                  bind 127.0.0.1 -::1   
                requirepass "pa ss\\x41" # not a comment: an argument
                save ''
                """, "t.conf", 0);
        assertEquals(4, d.size());
        assertEquals(List.of("port", "7000"), d.get(0).args());
        assertEquals(3, d.get(0).line());
        assertEquals(List.of("bind", "127.0.0.1", "-::1"), d.get(1).args());
        assertEquals(List.of("requirepass", "pa ssA", "#", "not", "a", "comment:", "an", "argument"), d.get(2).args());
        assertEquals(List.of("save", ""), d.get(3).args());
        assertNull(d.get(3).error());
    }

    @Test
    void unbalancedQuotesBecomeAnErrorAtTheirLine() throws Exception {
        List<Directive> d = RedisConf.parse("port 1\nport \"abc\n", "t.conf", 0);
        assertEquals("Unbalanced quotes in configuration line", d.get(1).error());
        ConfigError e = d.get(1).fail(d.get(1).error());
        assertTrue(e.getMessage().contains("Reading the configuration file, at line 2\n>>> 'port \"abc'\n"
                + "Unbalanced quotes in configuration line"), e.getMessage());
    }

    @Test
    void includeReadsAnotherFileInPlace() throws Exception {
        Path inc = dir.resolve("inc.conf");
        Files.writeString(inc, "timeout 5\nmaxclients 7\n");
        List<Directive> d = RedisConf.parse("port 1\ninclude " + inc + "\nport 2\n", "main.conf", 0);
        assertEquals(List.of("port", "timeout", "maxclients", "port"), d.stream().map(Directive::name).toList());
        assertEquals(inc.toString(), d.get(1).source());
        assertEquals(2, d.get(2).line());
    }

    @Test
    void includeGlobMayMatchNothing() throws Exception {
        Files.writeString(dir.resolve("b.conf"), "timeout 2\n");
        Files.writeString(dir.resolve("a.conf"), "timeout 1\n");
        Files.writeString(dir.resolve("a.txt"), "garbage\n");
        List<Directive> d = RedisConf.parse("include " + dir + "/*.conf\ninclude " + dir + "/none/*.conf\n", "m", 0);
        assertEquals(List.of("1", "2"), d.stream().map(x -> x.args().get(1)).toList());
    }

    @Test
    void missingIncludeIsFatal() {
        ConfigError e = assertThrows(ConfigError.class,
                () -> RedisConf.parse("include " + dir.resolve("nope.conf"), "m", 0));
        assertEquals("Fatal error, can't open config file '" + dir.resolve("nope.conf")
                + "': No such file or directory", e.getMessage());
    }

    @Test
    void includeLoopStops() throws Exception {
        Path self = dir.resolve("self.conf");
        Files.writeString(self, "include " + self + "\n");
        ConfigError e = assertThrows(ConfigError.class, () -> RedisConf.parse(Files.readString(self), "m", 0));
        assertTrue(e.getMessage().contains("Too many nested includes"));
    }
}
