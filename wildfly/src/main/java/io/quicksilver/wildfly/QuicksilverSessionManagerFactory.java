package io.quicksilver.wildfly;

import io.quicksilver.session.SessionSettings;
import io.undertow.server.session.SessionManager;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.SessionManagerFactory;
import java.util.Map;

/** Creates one {@link QuicksilverSessionManager} per deployment, with the deployment's class loader. */
public final class QuicksilverSessionManagerFactory implements SessionManagerFactory {
    private final SessionSettings settings;
    private final Map<String, String> storeSettings;

    /**
     * @param settings the session store's settings
     * @param storeSettings the store's own ({@code database}, {@code timeout}, ...), from
     *     {@code quicksilver.session.store.<key>}
     */
    public QuicksilverSessionManagerFactory(SessionSettings settings, Map<String, String> storeSettings) {
        this.settings = settings;
        this.storeSettings = Map.copyOf(storeSettings);
    }

    @Override
    public SessionManager createSessionManager(Deployment deployment) {
        ClassLoader loader = deployment.getDeploymentInfo().getClassLoader();
        return new QuicksilverSessionManager(deployment.getDeploymentInfo().getDeploymentName(), settings, storeSettings,
                loader != null ? loader : Thread.currentThread().getContextClassLoader());
    }
}
