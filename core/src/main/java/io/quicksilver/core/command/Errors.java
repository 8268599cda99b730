package io.quicksilver.core.command;

/** Redis's own error strings, shared by the command groups. */
public final class Errors {
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String WRONGTYPE =
            "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String DB_INDEX = "ERR DB index is out of range";
    public static final String NOAUTH = "NOAUTH Authentication required.";
    public static final String STRING_TOO_LONG = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

    private Errors() {}

    public static CommandException syntax() {
        return new CommandException(SYNTAX);
    }

    public static CommandException wrongType() {
        return new CommandException(WRONGTYPE);
    }

    public static CommandException notInteger() {
        return new CommandException(NOT_INTEGER);
    }

    /** "ERR wrong number of arguments for 'get' command" */
    public static String arity(String fullName) {
        return "ERR wrong number of arguments for '" + fullName + "' command";
    }

    /**
     * Redis's sanitised form of user text in errors: at most 128 characters, with CR and LF (and
     * other control characters) turned into spaces.
     */
    public static String sanitize(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), 128));
        for (int i = 0; i < text.length() && i < 128; i++) {
            char c = text.charAt(i);
            sb.append(c == '\r' || c == '\n' ? ' ' : c);
        }
        return sb.toString();
    }
}
