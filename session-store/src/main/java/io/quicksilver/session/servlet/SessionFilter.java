package io.quicksilver.session.servlet;

import io.quicksilver.core.store.Store;
import io.quicksilver.core.store.Stores;
import io.quicksilver.session.AttributeCodec;
import io.quicksilver.session.RecentSessions;
import io.quicksilver.session.SessionData;
import io.quicksilver.session.SessionRepository;
import io.quicksilver.session.SessionSettings;
import io.quicksilver.session.config.ConfigLookup;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The portable session filter: wraps each request so that its {@code HttpSession} is kept in the
 * Quicksilver store (embedded or remote, {@code quicksilver.session.uri}), writes each session's
 * changes when the request ends (after an async request: when it completes) or, when that comes
 * first, just before the response is committed (see {@link SessionResponse}), and fires the
 * application's session listeners, also for sessions the store expires.
 *
 * <p>Settings ({@code quicksilver.session.*}): the filter's init parameters, then the context's
 * init parameters, then MicroProfile Config (or system properties and environment without it).
 * Registered by {@link SessionInitializer} for every dispatcher type; may also be declared in
 * web.xml, mapped to {@code /*} for REQUEST, ERROR and ASYNC (FORWARD and INCLUDE pass through):
 * an error page or an async dispatch gets the container's request, which the filter wraps again
 * around the session of the request it came from. Thread-safe.
 *
 * <p>With {@code quicksilver.session.write-mode=async} a request does not wait for its session
 * write: at the same points (before the commit, at the end) the write is taken on the request's
 * thread ({@link SessionRepository#prepareSave}: the delta computed and marked saved under the
 * session's lock, so a later change is never lost to a write that did not carry it) and its store
 * calls are made by this filter's one background thread, in order. A later request on this node
 * for the same session waits for the session's pending write before it reads the session, as do
 * invalidation and {@code changeSessionId}, which stay synchronous (as do the listeners). A failed
 * write is logged (WARNING), a session gone meanwhile too (FINE): the request has its response
 * already. A request waits for its session's pending write at most {@code async-write-wait} ms;
 * {@link #destroy()} waits at most {@code shutdown-wait} ms for the pending writes.
 */
public class SessionFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(SessionFilter.class.getName());
    private static final String WRAPPED = SessionFilter.class.getName() + ".request";

    private SessionSettings settings;
    private Store store;
    private SessionRepository repository;
    private final SessionListeners listeners = new SessionListeners();
    private ServletContext context;
    private ClassLoader loader;
    private int defaultTimeout;
    private ScheduledExecutorService expiries;
    private Store.Subscription expirySubscription;
    /** Remote stores: the last written state of recent sessions, for their expiry listeners; else null. */
    private RecentSessions recent;
    /** How long a node without a session's state waits before claiming its expiry. */
    private static final long SNAPSHOT_GRACE_MILLIS = 1_000;
    /** write-mode async: the thread making the session writes, in order; null in sync mode. */
    private ExecutorService writer;
    /** write-mode async: each session's last write not made yet (removed when made). */
    private final ConcurrentHashMap<String, Future<?>> pending = new ConcurrentHashMap<>();

    @Override
    public void init(FilterConfig config) throws ServletException {
        context = config.getServletContext();
        loader = Optional.ofNullable(context.getClassLoader()).orElse(Thread.currentThread().getContextClassLoader());
        Function<String, Optional<String>> lookup = ConfigLookup.chain(
                k -> Optional.ofNullable(config.getInitParameter(k)),
                ConfigLookup.chain(k -> Optional.ofNullable(context.getInitParameter(k)), ConfigLookup.standard(loader)));
        settings = SessionSettings.from(lookup);
        defaultTimeout = settings.timeoutSeconds() != null ? settings.timeoutSeconds() : context.getSessionTimeout() * 60;
        try {
            store = openStore(settings.uri(), storeSettings(lookup));
        } catch (RuntimeException e) {
            throw new ServletException("cannot open the session store " + settings.uri() + ": " + e.getMessage(), e);
        }
        repository = new SessionRepository(store, settings, new AttributeCodec(settings.newSerializer(loader), loader),
                Clock.systemUTC());
        ListenerDiscovery.discover(context, listeners);
        expiries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quicksilver-session-expiry" + context.getContextPath());
            t.setDaemon(true);
            return t;
        });
        if (settings.asyncWrites()) {
            writer = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "quicksilver-session-writer" + context.getContextPath());
                t.setDaemon(true);
                return t;
            });
        }
        if (!store.byReference()) {
            recent = new RecentSessions(settings.expirySnapshots());
        }
        expirySubscription = repository.onExpired(e -> expiries.execute(() -> expired(e)));
        String tracking = settings.expiryTracking();
        if (tracking.equals("true") || tracking.equals("auto") && !store.byReference() && listeners.size() > 0) {
            // notifications of a remote store are fire-and-forget: the sweep finds the ones nobody got
            repository.trackExpiries(true);
            long every = settings.expirySweepMillis();
            expiries.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
        }
        context.setAttribute(QuicksilverSessions.ATTRIBUTE, new QuicksilverSessions(this));
        LOG.log(Level.FINE, "sessions of {0} kept in {1} under {2}",
                new Object[] {context.getContextPath(), store.describe(), settings.keyPrefix()});
    }

    /** Opens the session store (a test may wrap it). */
    Store openStore(java.net.URI uri, Map<String, String> storeSettings) {
        return Stores.open(uri, storeSettings);
    }

    /** The settings of the store that the lookup has under {@code quicksilver.session.store.<key>}. */
    static Map<String, String> storeSettings(Function<String, Optional<String>> lookup) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String k : STORE_KEYS) {
            lookup.apply(SessionSettings.PREFIX + "store." + k).ifPresent(v -> out.put(k, v.trim()));
        }
        return out;
    }

    /** What a store reads from its properties: core's embedded store and quicksilver-remote's. */
    private static final java.util.List<String> STORE_KEYS =
            java.util.List.of("database", "timeout", "compute-connections", "topology-refresh");

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Object mark = req.getAttribute(WRAPPED);
        if (!(req instanceof HttpServletRequest hreq) || !(res instanceof HttpServletResponse hres)
                || mark != null && (!(mark instanceof SessionRequest origin) || origin.filter() != this
                        || wraps(req, origin))) {
            chain.doFilter(req, res); // a forward or include: the request is wrapped already
            return;
        }
        if (mark instanceof SessionRequest origin) {
            redispatch(origin, hreq, hres, chain);
            return;
        }
        SessionRequest wrapped = new SessionRequest(hreq, hres, this);
        req.setAttribute(WRAPPED, wrapped);
        boolean async = false;
        try {
            SessionResponse response = new SessionResponse(hres, wrapped, this);
            wrapped.wrappedResponse(response);
            chain.doFilter(wrapped, response);
            if (wrapped.isAsyncStarted()) {
                async = true;
                wrapped.getAsyncContext().addListener(new CommitOnComplete(wrapped));
            }
        } finally {
            if (!async) {
                commit(wrapped);
            }
        }
    }

    /** Whether {@code req} is {@code origin} or a wrapper of it (or of its dispatch wrapper). */
    private static boolean wraps(ServletRequest req, SessionRequest origin) {
        for (ServletRequest r = req; r != null; ) {
            if (r == origin || r instanceof SessionDispatchRequest d && d.origin() == origin) {
                return true;
            }
            r = r instanceof ServletRequestWrapper w ? w.getRequest() : null;
        }
        return false;
    }

    /**
     * The container dispatches a wrapped request again without our wrapper (an error page, an
     * {@code AsyncContext.dispatch()}): wrapped again around the same session state, written as
     * that request's is (before the commit, and at the end of this dispatch what changed).
     */
    private void redispatch(SessionRequest origin, HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        SessionResponse response = new SessionResponse(res, origin, this);
        SessionDispatchRequest wrapped = new SessionDispatchRequest(req, origin, response);
        boolean async = false;
        try {
            chain.doFilter(wrapped, response);
            async = wrapped.isAsyncStarted(); // the filter's listener, re-added on the new start, writes at completion
        } finally {
            if (!async) {
                commit(origin);
            }
        }
    }

    private void commit(SessionRequest r) {
        try {
            r.end();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session write failed", e);
        }
    }

    /**
     * The response of {@code r} is about to be committed: its session is written first (see
     * {@link SessionRequest#beforeCommit}). A failure is logged and the response goes on; the
     * end of the request tries the changes again.
     */
    void beforeCommit(SessionRequest r, boolean completing) {
        try {
            r.beforeCommit(completing);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "session write failed", e);
        }
    }

    @Override
    public void destroy() {
        if (writer != null) {
            writer.shutdown(); // the pending writes are made first
            try {
                if (!writer.awaitTermination(settings.shutdownWaitMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.WARNING, "{0} session writes still pending at shutdown are dropped", pending.size());
                    writer.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (expirySubscription != null) {
            expirySubscription.close();
        }
        if (expiries != null) {
            expiries.shutdown();
            try {
                expiries.awaitTermination(settings.shutdownWaitMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (store != null) {
            store.close();
        }
        if (context != null) {
            context.removeAttribute(QuicksilverSessions.ATTRIBUTE);
        }
    }

    // ---- for the request wrapper and the session --------------------------------------------

    SessionSettings settings() {
        return settings;
    }

    SessionRepository repository() {
        return repository;
    }

    SessionListeners listeners() {
        return listeners;
    }

    ServletContext context() {
        return context;
    }

    int defaultTimeoutSeconds() {
        return defaultTimeout;
    }

    void save(StoreSession s) {
        if (writer != null) {
            saveLater(s);
            return;
        }
        if (!repository.save(s.data())) {
            LOG.log(Level.FINE, "session {0} was invalidated or expired meanwhile: its changes are dropped", s.getId());
            s.markInvalid();
            forget(s.getId());
        } else if (recent != null) {
            recent.remember(s.data());
        }
    }

    /**
     * write-mode async: the write is taken now, on this thread, and made by the writer thread.
     * The session is not marked invalid when it turns out gone: its request may be over.
     */
    private void saveLater(StoreSession s) {
        SessionRepository.Write w = repository.prepareSave(s.data());
        if (recent != null) {
            recent.remember(s.data()); // its state as it will be stored
        }
        String id = w.id();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.put(id, done); // before it can run, so the removal below finds it
        try {
            writer.execute(() -> {
                try {
                    if (!w.apply()) {
                        LOG.log(Level.FINE, "session {0} was invalidated or expired meanwhile: its changes are dropped", id);
                        forget(id);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "session write of " + id + " failed; its changes are lost", e);
                } finally {
                    done.complete(null);
                    pending.remove(id, done);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) { // the filter is stopping
            pending.remove(id, done);
            LOG.log(Level.WARNING, "session write of " + id + " dropped: the filter is stopping");
        }
    }

    /**
     * write-mode async: waits (bounded) until the pending write of session {@code id}, if any, is
     * made, so this node reads its own writes. One writer thread makes them in order: the last
     * one made means all earlier ones are.
     */
    void awaitPending(String id) {
        Future<?> f = writer == null ? null : pending.get(id);
        if (f == null) {
            return;
        }
        try {
            f.get(settings.asyncWriteWaitMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "session {0}: its pending write did not finish within {1} ms (async-write-wait);"
                    + " going on without it", new Object[] {id, settings.asyncWriteWaitMillis()});
        }
    }

    /** The session {@code id} is gone or renamed: its remembered state too. */
    void forget(String id) {
        if (recent != null) {
            recent.forget(id);
        }
    }

    /**
     * Ends a session: sessionDestroyed while it is still valid, then each attribute unbound
     * (valueUnbound, attributeRemoved), then it is invalid and, when {@code delete}, removed from
     * the store.
     */
    void destroy(StoreSession s, boolean delete) {
        listeners.destroyed(s);
        SessionData d = s.data();
        for (String name : d.names()) {
            Object old = d.remove(name);
            if (old != null) {
                SessionListeners.unbound(s, name, old);
                listeners.removed(s, name, old);
            }
        }
        s.markInvalid();
        if (delete) {
            awaitPending(d.id()); // else a pending write could land after the delete (and make it again)
            repository.delete(d);
            forget(d.id());
        }
    }

    private void sweep() {
        try {
            repository.sweepExpired(this::fire);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "expiry sweep failed; the next one catches up", e);
        }
    }

    /**
     * A session the store expired: listeners fire on the one node that claims it. With a remote
     * store, the node whose remembered state predicts this expiry (it wrote the session last)
     * claims at once, a node with an older state after {@value #SNAPSHOT_GRACE_MILLIS} ms, a node
     * with none after twice that, so the listeners get the latest attributes a live node knows.
     */
    private void expired(SessionRepository.Expired e) {
        boolean holds = recent != null && recent.holds(e.id());
        if (e.data() == null && listeners.size() == 0 && !holds) {
            return; // nothing to tell: no listener, no attribute to unbind
        }
        long delay = 0;
        if (e.data() == null) {
            // the node whose remembered state predicts this expiry wrote the session last: it goes
            // first; a node with an older state next; a node with none last
            long predicted = holds ? recent.predictedDeadline(e.id()) : -1;
            long now = repository.now();
            boolean current = predicted > 0 && predicted >= now - 5_000 && predicted <= now + 1_000;
            delay = current ? 0 : holds ? SNAPSHOT_GRACE_MILLIS : 2 * SNAPSHOT_GRACE_MILLIS;
        }
        if (delay == 0) {
            claimAndFire(e);
        } else {
            expiries.schedule(() -> claimAndFire(e), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void claimAndFire(SessionRepository.Expired e) {
        try {
            if (repository.claimExpiry(e.id())) { // else another node (or application on the prefix) fires it
                fire(e);
            } else {
                forget(e.id());
            }
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "expiry of session " + e.id() + " failed", ex);
        }
    }

    /** Fires the listeners of an expired session this node claimed. */
    private void fire(SessionRepository.Expired e) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            Map<String, byte[]> remembered = recent == null ? null : recent.take(e.id());
            SessionData d = e.data() != null ? e.data()
                    : SessionData.fromFields(repository.codec(), e.id(), remembered != null ? remembered
                            : Map.of(SessionData.CREATED, new byte[] {'0'}), repository.now());
            destroy(new StoreSession(d, this, context), false);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "expiry of session " + e.id() + " failed", ex);
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** Writes an async request's session when it completes (or fails, or times out). */
    private final class CommitOnComplete implements AsyncListener {
        private final SessionRequest request;

        CommitOnComplete(SessionRequest request) {
            this.request = request;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            commit(request);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
