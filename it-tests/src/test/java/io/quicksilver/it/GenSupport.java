package io.quicksilver.it;

import io.quicksilver.it.Diff.Check;
import io.quicksilver.it.Diff.Send;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** What the random command generators share: the seeded random source and command building. */
abstract class GenSupport {
    protected final Random rnd;

    GenSupport(Random rnd) {
        this.rnd = rnd;
    }

    @SafeVarargs
    protected final <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    protected boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    /** The command name in a random case (Redis command names are case-insensitive). */
    protected String name(String upper) {
        int r = rnd.nextInt(20);
        if (r < 3) return upper.toLowerCase(Locale.ROOT);
        if (r == 3) {
            StringBuilder sb = new StringBuilder();
            for (char c : upper.toCharArray()) sb.append(rnd.nextBoolean() ? Character.toLowerCase(c) : c);
            return sb.toString();
        }
        return upper;
    }

    protected List<Object> cmd(String name, Object... args) {
        List<Object> l = new ArrayList<>(args.length + 1);
        l.add(name(name));
        l.addAll(Arrays.asList(args));
        return l;
    }

    protected static Send send(List<Object> args) {
        return new Send(0, args, Check.EXACT);
    }

    protected static Send send(List<Object> args, Check check) {
        return new Send(0, args, check);
    }
}
