package io.quicksilver.session.servlet;

import io.quicksilver.session.SessionSettings;
import io.quicksilver.session.config.ConfigLookup;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.HandlesTypes;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers {@link SessionFilter} as {@value #FILTER_NAME} on {@code /*} for every dispatcher
 * type, ahead of the application's own filters, unless {@code quicksilver.session.enabled} is
 * {@code false} (a context parameter, MicroProfile Config, a system property or environment
 * variable) or a filter of that name is declared already. Found by the container through
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 */
@HandlesTypes({HttpSessionListener.class, HttpSessionAttributeListener.class, HttpSessionIdListener.class})
public final class SessionInitializer implements ServletContainerInitializer {
    /** The filter's registration name. */
    public static final String FILTER_NAME = "quicksilver-session";
    private static final Logger LOG = Logger.getLogger(SessionInitializer.class.getName());

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        String key = SessionSettings.PREFIX + "enabled";
        String enabled = Optional.ofNullable(ctx.getInitParameter(key))
                .or(() -> ConfigLookup.standard(ctx.getClassLoader()).apply(key)).orElse("true");
        if (!Boolean.parseBoolean(enabled.trim())) {
            LOG.log(Level.INFO, "Quicksilver sessions switched off for {0}", ctx.getContextPath());
            return;
        }
        FilterRegistration.Dynamic f = ctx.addFilter(FILTER_NAME, SessionFilter.class);
        if (f == null) {
            return; // declared in web.xml: that declaration rules
        }
        f.setAsyncSupported(true);
        f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
        if (classes != null && !classes.isEmpty()) {
            ctx.setAttribute(ListenerDiscovery.CLASSES, Set.copyOf(classes));
        }
    }
}
