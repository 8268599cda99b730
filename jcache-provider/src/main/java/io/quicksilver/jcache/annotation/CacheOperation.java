package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/** The four JSR-107 cache operations, each named by its annotation. */
enum CacheOperation {
    RESULT(CacheResult.class),
    PUT(CachePut.class),
    REMOVE(CacheRemove.class),
    REMOVE_ALL(CacheRemoveAll.class);

    private final Class<? extends Annotation> annotationType;

    CacheOperation(Class<? extends Annotation> annotationType) {
        this.annotationType = annotationType;
    }

    Class<? extends Annotation> annotationType() {
        return annotationType;
    }

    /** The operation {@code annotation} names, or null if it is none of the four. */
    static CacheOperation of(Annotation annotation) {
        for (CacheOperation op : values()) {
            if (op.annotationType.isInstance(annotation)) {
                return op;
            }
        }
        return null;
    }
}
