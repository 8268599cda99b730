package io.quicksilver.server.config;

/**
 * A configuration that cannot start a server. {@link #getMessage()} is the whole report, in
 * Redis's format:
 *
 * <pre>
 *
 * *** FATAL CONFIG FILE ERROR (Quicksilver 0.1.0) ***
 * Reading the configuration file, at line 2
 * &gt;&gt;&gt; 'port "abc"'
 * argument couldn't be parsed into an integer
 * </pre>
 */
public final class ConfigError extends Exception {
    private final String reason;

    public ConfigError(String report, String reason) {
        super(report, null, false, false);
        this.reason = reason;
    }

    /** The last line alone: Redis's reason ("Bad directive or wrong number of arguments"). */
    public String reason() {
        return reason;
    }

    /** A failure on a line of a configuration source. */
    static ConfigError atLine(String version, int line, String text, String reason) {
        String report = "\n*** FATAL CONFIG FILE ERROR (Quicksilver " + version + ") ***\n"
                + "Reading the configuration file, at line " + line + "\n"
                + ">>> '" + text + "'\n"
                + reason;
        return new ConfigError(report, reason);
    }

    /** A failure that is not on a line (a MicroProfile property, a file that cannot be read). */
    static ConfigError other(String version, String where, String reason) {
        String report = "\n*** FATAL CONFIG FILE ERROR (Quicksilver " + version + ") ***\n"
                + where + "\n" + reason;
        return new ConfigError(report, reason);
    }
}
