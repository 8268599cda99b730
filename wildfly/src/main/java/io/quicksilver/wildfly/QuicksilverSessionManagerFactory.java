package io.quicksilver.wildfly;

import io.quicksilver.session.SessionSettings;
import io.undertow.server.session.SessionManager;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.SessionManagerFactory;

/** Creates one {@link QuicksilverSessionManager} per deployment, with the deployment's class loader. */
public final class QuicksilverSessionManagerFactory implements SessionManagerFactory {
    private final SessionSettings settings;

    public QuicksilverSessionManagerFactory(SessionSettings settings) {
        this.settings = settings;
    }

    @Override
    public SessionManager createSessionManager(Deployment deployment) {
        ClassLoader loader = deployment.getDeploymentInfo().getClassLoader();
        return new QuicksilverSessionManager(deployment.getDeploymentInfo().getDeploymentName(), settings,
                loader != null ? loader : Thread.currentThread().getContextClassLoader());
    }
}
