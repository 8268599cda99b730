package io.quicksilver.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** redis-server's argv handling (server.c main, Redis 7.0). */
class CommandLineTest {

    private static CommandLine.Parsed parse(String... argv) {
        return CommandLine.parse(argv);
    }

    @Test
    void noArguments() {
        CommandLine.Parsed p = parse();
        assertEquals(CommandLine.Action.RUN, p.action());
        assertNull(p.configFile());
        assertEquals("", p.options());
    }

    @Test
    void versionAndHelp() {
        assertEquals(CommandLine.Action.VERSION, parse("-v").action());
        assertEquals(CommandLine.Action.VERSION, parse("--version").action());
        assertEquals(CommandLine.Action.HELP, parse("-h").action());
        assertEquals(CommandLine.Action.HELP, parse("--help").action());
    }

    @Test
    void optionsBecomeQuotedLines() {
        CommandLine.Parsed p = parse("--port", "6380", "--bind", "127.0.0.1", "::1", "--save", "");
        assertNull(p.configFile());
        assertEquals("port \"6380\" \nbind \"127.0.0.1\" \"::1\" \nsave \"\" ", p.options());
    }

    @Test
    void configFileFirst() {
        CommandLine.Parsed p = parse("/etc/redis.conf", "--loglevel", "verbose");
        assertEquals("/etc/redis.conf", p.configFile());
        assertEquals("loglevel \"verbose\" ", p.options());
        assertFalse(p.stdin());
    }

    @Test
    void stdinDash() {
        assertTrue(parse("/etc/redis.conf", "--port", "1", "-").stdin());
        assertTrue(parse("-").stdin());
        assertTrue(parse("-", "--port", "1").stdin());
    }

    @Test
    void loneSaveMeansEmpty() {
        assertEquals("save \"\"\nport \"7\" ", parse("--save", "--port", "7").options());
        assertEquals("port \"7\" \nsave \"\"", parse("--port", "7", "--save").options());
    }

    @Test
    void nameAndValueInOneArgument() {
        assertEquals("port 6380 \nbind \"x\" ", parse("--port 6380", "--bind", "x").options());
    }

    @Test
    void valuesAreEscaped() {
        assertEquals("requirepass \"a\\\"b c\" ", parse("--requirepass", "a\"b c").options());
    }
}
