package io.quicksilver.session.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.util.EventListener;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Finds the application's session listeners, which the container keeps to itself: the
 * {@code @WebListener} classes the {@link SessionInitializer} was handed ({@code @HandlesTypes}),
 * the {@code <listener-class>}es of {@code WEB-INF/web.xml}, and the class names of the context
 * parameter {@code quicksilver.session.listeners} (comma-separated). Each class is instantiated
 * once through {@link ServletContext#createListener} (so the container injects it), separately
 * from the container's own instance, which never sees a session event.
 */
final class ListenerDiscovery {
    private static final Logger LOG = Logger.getLogger(ListenerDiscovery.class.getName());
    /** The context attribute where the initializer leaves the classes it was handed. */
    static final String CLASSES = ListenerDiscovery.class.getName() + ".classes";

    private ListenerDiscovery() {}

    static void discover(ServletContext ctx, SessionListeners into) {
        ClassLoader loader = ctx.getClassLoader();
        if (loader == null) {
            loader = Thread.currentThread().getContextClassLoader();
        }
        if (loader == null) {
            loader = ListenerDiscovery.class.getClassLoader();
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        Object handed = ctx.getAttribute(CLASSES);
        if (handed instanceof Set<?> set) {
            for (Object o : set) {
                if (o instanceof Class<?> c && c.isAnnotationPresent(WebListener.class)) {
                    classes.add(c);
                }
            }
            ctx.removeAttribute(CLASSES);
        }
        Set<String> names = new LinkedHashSet<>(webXmlListeners(ctx));
        String param = ctx.getInitParameter("quicksilver.session.listeners");
        if (param != null) {
            for (String n : param.split(",")) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
        }
        for (String n : names) {
            try {
                classes.add(Class.forName(n, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.log(Level.WARNING, "session listener class " + n + " not found", e);
            }
        }
        for (Class<?> c : classes) {
            if (!isSessionListener(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            EventListener l = instantiate(ctx, c.asSubclass(EventListener.class));
            if (l != null) {
                into.add(l);
            }
        }
    }

    private static boolean isSessionListener(Class<?> c) {
        return HttpSessionListener.class.isAssignableFrom(c) || HttpSessionAttributeListener.class.isAssignableFrom(c)
                || HttpSessionIdListener.class.isAssignableFrom(c);
    }

    private static EventListener instantiate(ServletContext ctx, Class<? extends EventListener> c) {
        try {
            return ctx.createListener(c);
        } catch (Exception | LinkageError e) {
            try {
                return c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | RuntimeException e2) {
                LOG.log(Level.WARNING, "cannot create session listener " + c.getName(), e2);
                return null;
            }
        }
    }

    /** The listener classes named in WEB-INF/web.xml (none when there is no web.xml). */
    static Set<String> webXmlListeners(ServletContext ctx) {
        Set<String> out = new LinkedHashSet<>();
        try (InputStream in = ctx.getResourceAsStream("/WEB-INF/web.xml")) {
            if (in == null) {
                return out;
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(in);
            NodeList nodes = doc.getElementsByTagNameNS("*", "listener-class");
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add(nodes.item(i).getTextContent().trim());
            }
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot read WEB-INF/web.xml for session listeners", e);
        }
        return out;
    }
}
