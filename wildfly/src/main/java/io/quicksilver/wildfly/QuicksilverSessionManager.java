package io.quicksilver.wildfly;

import io.quicksilver.core.store.Store;
import io.quicksilver.session.AttributeCodec;
import io.quicksilver.session.SessionData;
import io.quicksilver.session.SessionRepository;
import io.quicksilver.session.SessionSettings;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.session.Session;
import io.undertow.server.session.SessionConfig;
import io.undertow.server.session.SessionListener;
import io.undertow.server.session.SessionListeners;
import io.undertow.server.session.SessionManager;
import io.undertow.server.session.SessionManagerStatistics;
import io.undertow.util.AttachmentKey;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A deployment's sessions in the Quicksilver session store. A request loads its session once
 * (kept on the exchange), works on it in memory and writes the changes, as the store's write
 * policy says, just before Undertow commits the response ({@link CommitHandler}), so the client's
 * next request, on any node, finds them; what changes after the commit is written when the servlet
 * returns (an asynchronous request: when Undertow reports it done, {@link Session#requestDone}). Sessions expire in the store (a TTL of their
 * max inactive interval); their destroy listeners then fire on one node, from the store's expiry
 * notification or, for a remote store whose notification no node heard, from the expiry sweep
 * ({@link SessionRepository#sweepExpired}). The manager holds no session of its own, so every
 * node sharing the store sees every session, and a node can be killed without losing any.
 */
final class QuicksilverSessionManager implements SessionManager {
    private static final Logger LOG = Logger.getLogger(QuicksilverSessionManager.class.getName());

    private final String deploymentName;
    private final SessionSettings settings;
    private final SharedStores.Id storeId;
    private final ClassLoader loader;
    private final SessionListeners listeners = new SessionListeners();
    /** The session a request works on, loaded at most once per request (exchange). */
    static final AttachmentKey<QuicksilverSession> CURRENT = AttachmentKey.create(QuicksilverSession.class);
    private volatile int defaultTimeout = 30 * 60;
    private volatile SessionRepository repository;
    private volatile Store.Subscription expirySubscription;
    private volatile ScheduledExecutorService sweeper;

    QuicksilverSessionManager(String deploymentName, SessionSettings settings, Map<String, String> storeSettings,
            ClassLoader loader) {
        this.deploymentName = deploymentName;
        this.settings = settings;
        this.storeId = new SharedStores.Id(settings.uri(), Map.copyOf(storeSettings));
        this.loader = loader;
    }

    @Override
    public String getDeploymentName() {
        return deploymentName;
    }

    @Override
    public synchronized void start() {
        if (repository != null) return;
        Store store = SharedStores.acquire(storeId);
        SessionRepository repo = new SessionRepository(store, settings,
                new AttributeCodec(settings.newSerializer(loader), loader), Clock.systemUTC());
        expirySubscription = repo.onExpired(this::expired);
        String tracking = settings.expiryTracking();
        if (tracking.equals("true") || tracking.equals("auto") && !store.byReference()) {
            // a remote store's expiry notifications are fire-and-forget: the sweep finds the ones
            // no node heard (every node down or disconnected when the session expired)
            repo.trackExpiries(true);
            ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quicksilver-session-sweep-" + deploymentName);
                t.setDaemon(true);
                return t;
            });
            long every = settings.expirySweepMillis();
            s.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
            sweeper = s;
        }
        repository = repo;
    }

    private void sweep() {
        SessionRepository repo = repository;
        if (repo == null) return;
        try {
            repo.sweepExpired(this::fireExpired); // claims each session itself
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expiry sweep of " + deploymentName + " failed; the next one catches up", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (repository == null) return;
        try {
            if (sweeper != null) sweeper.shutdownNow();
            if (expirySubscription != null) expirySubscription.close();
        } finally {
            repository = null;
            sweeper = null;
            expirySubscription = null;
            SharedStores.release(storeId);
        }
    }

    SessionRepository repository() {
        SessionRepository r = repository;
        if (r == null) throw new IllegalStateException("the session manager of " + deploymentName + " is not started");
        return r;
    }

    SessionSettings settings() {
        return settings;
    }

    SessionListeners listeners() {
        return listeners;
    }

    @Override
    public Session createSession(HttpServerExchange exchange, SessionConfig config) {
        int timeout = settings.timeoutSeconds() != null ? settings.timeoutSeconds() : defaultTimeout;
        SessionData data = repository().create(timeout);
        QuicksilverSession session = new QuicksilverSession(this, data, config);
        config.setSessionId(exchange, data.id());
        exchange.putAttachment(CURRENT, session);
        listeners.sessionCreated(session, exchange);
        return session;
    }

    @Override
    public Session getSession(HttpServerExchange exchange, SessionConfig config) {
        if (exchange != null) {
            QuicksilverSession attached = exchange.getAttachment(CURRENT);
            if (attached != null && attached.getSessionManager() == this) {
                if (attached.isValid()) return attached;
                exchange.removeAttachment(CURRENT);
            }
        }
        String id = config.findSessionId(exchange);
        if (id == null) return null;
        SessionData data = repository().find(id);
        if (data == null) return null;
        QuicksilverSession session = new QuicksilverSession(this, data, config);
        if (exchange != null) exchange.putAttachment(CURRENT, session);
        return session;
    }

    @Override
    public Session getSession(String sessionId) {
        SessionData data = repository().find(sessionId);
        return data == null ? null : new QuicksilverSession(this, data, null);
    }

    void detach(HttpServerExchange exchange, QuicksilverSession session) {
        if (exchange != null && exchange.getAttachment(CURRENT) == session) exchange.removeAttachment(CURRENT);
    }

    /** A session the store expired: its destroy listeners fire on the one node that claims it. */
    private void expired(SessionRepository.Expired e) {
        SessionRepository repo = repository;
        if (repo == null) return;
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            if (repo.claimExpiry(e.id())) fireExpired(e); // else another node fires it
        } catch (RuntimeException x) {
            LOG.log(Level.WARNING, "expiry of session " + e.id() + " of " + deploymentName + " failed", x);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** Fires the destroy listeners of a session this node has claimed. */
    private void fireExpired(SessionRepository.Expired e) {
        SessionRepository repo = repository;
        if (repo == null) return;
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            // a remote store reports the ID only: the listeners get a session without attributes
            SessionData data = e.data() != null ? e.data()
                    : SessionData.fromFields(repo.codec(), e.id(), Map.of(SessionData.CREATED, new byte[] {'0'}), repo.now());
            QuicksilverSession s = new QuicksilverSession(this, data, null);
            listeners.sessionDestroyed(s, null, SessionListener.SessionDestroyedReason.TIMEOUT);
            s.markInvalid();
        } catch (RuntimeException x) {
            LOG.log(Level.WARNING, "a session listener failed on the expiry of a session of " + deploymentName, x);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Override
    public void registerSessionListener(SessionListener listener) {
        listeners.addSessionListener(listener);
    }

    @Override
    public void removeSessionListener(SessionListener listener) {
        listeners.removeSessionListener(listener);
    }

    @Override
    public void setDefaultSessionTimeout(int timeout) {
        defaultTimeout = timeout;
    }

    /** Empty: the sessions are in the store, shared with other nodes, not in this manager. */
    @Override
    public Set<String> getTransientSessions() {
        return Set.of();
    }

    /** Empty: the sessions are in the store, shared with other nodes, not in this manager. */
    @Override
    public Set<String> getActiveSessions() {
        return Set.of();
    }

    /** Empty: the sessions are in the store, shared with other nodes, not in this manager. */
    @Override
    public Set<String> getAllSessions() {
        return Set.of();
    }

    /** None kept. */
    @Override
    public SessionManagerStatistics getStatistics() {
        return null;
    }
}
