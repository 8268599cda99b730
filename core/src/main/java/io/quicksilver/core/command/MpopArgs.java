package io.quicksilver.core.command;

import java.util.Arrays;

/**
 * The arguments LMPOP, BLMPOP, ZMPOP and BZMPOP share: {@code numkeys key [key ...] WHERE [COUNT
 * count]}, parsed as Redis 7.0's {@code lmpopGenericCommand} and {@code zmpopGenericCommand} do
 * (the same code there, with LEFT|RIGHT or MIN|MAX as the WHERE words). The blocking forms'
 * timeout, before numkeys, is read by their caller after this parse, as in Redis.
 *
 * @param keys   the keys, in the order given
 * @param second true when WHERE was the second word (RIGHT, MAX), false for the first (LEFT, MIN)
 * @param count  COUNT, 1 when absent
 */
record MpopArgs(byte[][] keys, boolean second, long count) {

    /**
     * Parses from numkeys on. Errors, in Redis's order: numkeys not an integer or below 1 ("ERR
     * numkeys should be greater than 0"); numkeys naming more keys than there are arguments, a
     * WHERE that is neither word, a repeated or unknown option, or COUNT without its value (syntax
     * error); COUNT not an integer or below 1 ("ERR count should be greater than 0").
     *
     * @param ctx        the command's context
     * @param numkeysIdx the index of numkeys (1, or 2 for the blocking forms whose timeout is at 1)
     * @param first      the first WHERE word, lower case ("left", "min")
     * @param second     the second WHERE word, lower case ("right", "max")
     * @return the keys, the side and the count
     * @throws CommandException on any of the errors above, before anything is replied
     */
    static MpopArgs parse(Context ctx, int numkeysIdx, String first, String second) {
        long numkeys = Args.longAtLeast(ctx.arg(numkeysIdx), 1, "ERR numkeys should be greater than 0");
        if (numkeys > ctx.argc() - numkeysIdx - 2) {
            throw Errors.syntax(); // where_idx would be past the arguments
        }
        int whereIdx = (int) (numkeysIdx + numkeys + 1);
        boolean isSecond;
        if (ctx.is(whereIdx, first)) {
            isSecond = false;
        } else if (ctx.is(whereIdx, second)) {
            isSecond = true;
        } else {
            throw Errors.syntax();
        }
        long count = -1;
        for (int j = whereIdx + 1; j < ctx.argc(); j++) {
            if (count == -1 && ctx.is(j, "count") && j + 1 < ctx.argc()) {
                count = Args.longAtLeast(ctx.arg(++j), 1, "ERR count should be greater than 0");
            } else {
                throw Errors.syntax();
            }
        }
        if (count == -1) {
            count = 1;
        }
        return new MpopArgs(Arrays.copyOfRange(ctx.args, numkeysIdx + 1, whereIdx), isSecond, count);
    }
}
