package io.quicksilver.core.command;

import java.util.List;

/**
 * The options of SCAN, HSCAN, SSCAN and ZSCAN ({@code [MATCH pattern] [COUNT count] [TYPE type]}),
 * parsed as Redis 7.0's {@code scanGenericCommand} does, and the two-element reply they share.
 *
 * @param count    COUNT (default 10, at least 1)
 * @param match    the MATCH pattern, or null when absent or {@code *} (which matches everything)
 * @param typeName the TYPE argument as given (SCAN only), or null when absent
 */
record ScanArgs(long count, byte[] match, String typeName) {

    /**
     * Reads the options from {@code ctx.arg(first)} to the end. Each option needs its value
     * after it; COUNT must be an integer (else Redis's integer error) and at least 1; anything
     * else, and TYPE where it is not allowed, is a syntax error. The last of a repeated option
     * wins.
     *
     * @param ctx       the command's context
     * @param first     the index of the first option (after the cursor)
     * @param allowType true for SCAN, whose keyspace walk can filter on the type
     * @return the options
     * @throws CommandException on a bad option, before anything is replied
     */
    static ScanArgs parse(Context ctx, int first, boolean allowType) {
        long count = 10;
        byte[] pattern = null;
        String typeName = null;
        int i = first;
        while (i < ctx.argc()) {
            int left = ctx.argc() - i;
            if (ctx.is(i, "count") && left >= 2) {
                count = ctx.longArg(i + 1);
                if (count < 1) {
                    throw Errors.syntax();
                }
                i += 2;
            } else if (ctx.is(i, "match") && left >= 2) {
                byte[] p = ctx.arg(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else if (allowType && ctx.is(i, "type") && left >= 2) {
                typeName = ctx.argString(i + 1);
                i += 2;
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanArgs(count, pattern, typeName);
    }

    /**
     * Replies a SCAN-family page: {@code [next cursor, [items...]]}.
     *
     * @param reply where to write
     * @param next  the cursor for the next call (unsigned; 0 when the scan is complete)
     * @param items the elements found (for HSCAN/ZSCAN, field and value alternately)
     */
    static void reply(Reply reply, long next, List<byte[]> items) {
        reply.array(2);
        reply.bulk(Args.bytes(Long.toUnsignedString(next)));
        reply.array(items.size());
        for (byte[] item : items) {
            reply.bulk(item);
        }
    }
}
