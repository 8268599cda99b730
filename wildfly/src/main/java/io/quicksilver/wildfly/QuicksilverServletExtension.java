package io.quicksilver.wildfly;

import io.quicksilver.session.SessionSettings;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import jakarta.servlet.ServletContext;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Makes a deployment's sessions Quicksilver sessions: sets the deployment's session manager
 * factory. Found by Undertow through {@code META-INF/services/io.undertow.servlet.ServletExtension}
 * (in WildFly: the global module {@code io.quicksilver.session} with {@code services="import"}).
 *
 * <p>Settings are the session store's {@code quicksilver.session.*} keys, looked up in the
 * deployment's context parameters, then system properties, then environment variables
 * ({@code QUICKSILVER_SESSION_URI}); the store's own settings as
 * {@code quicksilver.session.store.<key>}. {@code quicksilver.session.enabled=false} leaves the
 * deployment with the container's sessions.
 */
public final class QuicksilverServletExtension implements ServletExtension {
    private static final Logger LOG = Logger.getLogger(QuicksilverServletExtension.class.getName());
    /** The store's own settings, read as {@code quicksilver.session.store.<key>} (as the filter reads them). */
    private static final List<String> STORE_KEYS = List.of("database", "timeout", "compute-connections", "topology-refresh");

    @Override
    public void handleDeployment(DeploymentInfo info, ServletContext context) {
        Function<String, Optional<String>> lookup = key -> lookup(context, key);
        if (lookup.apply(SessionSettings.PREFIX + "enabled").map(v -> v.trim().equalsIgnoreCase("false")).orElse(false)) {
            LOG.fine(() -> "Quicksilver sessions switched off for " + info.getDeploymentName());
            return;
        }
        SessionSettings settings = SessionSettings.from(lookup);
        Map<String, String> storeSettings = new HashMap<>();
        for (String k : STORE_KEYS) {
            lookup.apply(SessionSettings.PREFIX + "store." + k).ifPresent(v -> storeSettings.put(k, v.trim()));
        }
        info.setSessionManagerFactory(new QuicksilverSessionManagerFactory(settings, storeSettings));
        info.addInnerHandlerChainWrapper(CommitHandler.wrapper());
        LOG.info(() -> "Quicksilver sessions for " + info.getDeploymentName() + " in " + redact(settings));
    }

    static Optional<String> lookup(ServletContext context, String key) {
        String v = context == null ? null : context.getInitParameter(key);
        if (v == null) v = System.getProperty(key);
        if (v == null) v = System.getenv(key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
        return Optional.ofNullable(v);
    }

    private static String redact(SessionSettings s) {
        return s.uri().getUserInfo() == null ? s.uri().toString() : s.uri().getScheme() + "://***@" + s.uri().getHost();
    }
}
