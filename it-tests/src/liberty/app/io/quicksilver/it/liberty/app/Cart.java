package io.quicksilver.it.liberty.app;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A session attribute whose class only the application has: reading it on another server proves
 * that the session store hands the application's class loader what it needs.
 */
public final class Cart implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> items = new ArrayList<>();

    /** Adds one item at the end. */
    public void add(String item) {
        items.add(item);
    }

    @Override
    public String toString() {
        return "Cart" + items;
    }
}
