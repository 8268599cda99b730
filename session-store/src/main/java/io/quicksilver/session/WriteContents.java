package io.quicksilver.session;

import java.util.Locale;

/**
 * Which attributes a session writes back at the end of a request (Open Liberty's
 * {@code writeContents}).
 */
public enum WriteContents {
    /** Only attributes set or removed during the request (delta writes): the default. */
    ONLY_SET_ATTRIBUTES,
    /**
     * Also attributes read during the request whose serialized form changed (an object mutated in
     * place without a new setAttribute).
     */
    GET_AND_SET_ATTRIBUTES,
    /** Every attribute, every time. */
    ALL_SESSION_ATTRIBUTES;

    /** Parses {@code only-set-attributes}, {@code ONLY_SET_ATTRIBUTES}, ... */
    public static WriteContents parse(String s) {
        return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
