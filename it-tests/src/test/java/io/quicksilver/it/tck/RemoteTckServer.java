package io.quicksilver.it.tck;

import io.quicksilver.server.QuicksilverServer;
import java.lang.System.Logger.Level;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts our server in this JVM, on a free loopback port, before the JSR-107 TCK runs in remote
 * mode, and points the JCache provider at it ({@code quicksilver.jcache.uri=redis://127.0.0.1:port});
 * stops it when the test run ends. Registered for every JUnit Platform launcher session of the
 * it-tests module, it does nothing unless {@code quicksilver.tck.server=true} (set only by the
 * {@code jsr107-tck-remote} failsafe execution), so the other integration tests start no extra server.
 */
public final class RemoteTckServer implements LauncherSessionListener {
    /** The system property that switches this listener on. */
    public static final String ENABLE = "quicksilver.tck.server";
    /** The system property the JCache provider reads its default store URI from. */
    public static final String URI_PROPERTY = "quicksilver.jcache.uri";

    private static final System.Logger LOG = System.getLogger(RemoteTckServer.class.getName());
    private QuicksilverServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (!Boolean.getBoolean(ENABLE) || server != null) return;
        server = QuicksilverServer.builder().port(0).bind("127.0.0.1").build().start();
        String uri = "redis://127.0.0.1:" + server.port();
        System.setProperty(URI_PROPERTY, uri);
        LOG.log(Level.INFO, "JSR-107 TCK in remote mode against our server at " + uri);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server == null) return;
        server.close();
        server = null;
    }
}
