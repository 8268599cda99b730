package io.quicksilver.jcache.annotation;

/**
 * The include/exclude rule the JSR-107 annotations share for {@code cachedExceptions} /
 * {@code nonCachedExceptions}, {@code cacheFor} / {@code noCacheFor} and {@code evictFor} /
 * {@code noEvictFor}: with both lists empty the answer is a per-annotation default; with only
 * the include list, a throwable must be an instance of one of its classes; with only the
 * exclude list, it must be an instance of none; with both, of one included and no excluded.
 */
final class ExceptionFilter {
    private final Class<? extends Throwable>[] include;
    private final Class<? extends Throwable>[] exclude;
    private final boolean whenBothEmpty;

    ExceptionFilter(Class<? extends Throwable>[] include, Class<? extends Throwable>[] exclude, boolean whenBothEmpty) {
        this.include = include.clone();
        this.exclude = exclude.clone();
        this.whenBothEmpty = whenBothEmpty;
    }

    /** True if {@code t} passes the rule. */
    boolean test(Throwable t) {
        if (include.length == 0 && exclude.length == 0) {
            return whenBothEmpty;
        }
        boolean included = include.length == 0 || matches(include, t);
        return included && !matches(exclude, t);
    }

    private static boolean matches(Class<? extends Throwable>[] classes, Throwable t) {
        for (Class<? extends Throwable> c : classes) {
            if (c.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
