package io.quicksilver.jcache.annotation;

import java.lang.annotation.Annotation;
import java.util.Set;

/**
 * A parameter of a cached method: its raw type, its annotations (unmodifiable) and its
 * zero-based position.
 */
record ParameterDetails(Class<?> rawType, Set<Annotation> annotations, int position) {
}
