package io.quicksilver.server;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts the root logger's handlers and level back after each test: the server's start-up
 * replaces them (Redis-style log lines, logfile), which would leak into the next test.
 */
final class RestoresRootLogging implements BeforeEachCallback, AfterEachCallback {
    private Handler[] handlers;

    @Override
    public void beforeEach(ExtensionContext context) {
        handlers = Logger.getLogger("").getHandlers();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        for (Handler h : handlers) {
            root.addHandler(h);
        }
        root.setLevel(Level.INFO);
    }
}
