package io.quicksilver.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanRegistrationException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server as
 * {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}
 * (':', '=', ',' and newlines in the URI and name replaced by '.').
 */
public final class Jmx {
    /** The two kinds of JCache MXBean. */
    public enum Type {
        CacheConfiguration,
        CacheStatistics
    }

    private Jmx() {
    }

    public static ObjectName name(Type type, URI managerUri, String cacheName) {
        try {
            return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + safe(managerUri.toString())
                    + ",Cache=" + safe(cacheName));
        } catch (MalformedObjectNameException e) {
            throw new CacheException("no MBean name for cache " + cacheName, e);
        }
    }

    private static String safe(String s) {
        return s.replaceAll(":|=|\n|,", ".");
    }

    /** Registers {@code bean} unless something is registered under the name already. */
    public static void register(Type type, URI managerUri, String cacheName, Object bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = name(type, managerUri, cacheName);
        try {
            if (!server.isRegistered(name)) {
                server.registerMBean(bean, name);
            }
        } catch (InstanceAlreadyExistsException e) {
            // registered meanwhile by a manager of another class loader with the same URI
        } catch (MBeanRegistrationException | NotCompliantMBeanException e) {
            throw new CacheException("cannot register " + name, e);
        }
    }

    /** Unregisters the MXBean of that name if there is one. */
    public static void unregister(Type type, URI managerUri, String cacheName) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = name(type, managerUri, cacheName);
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (InstanceNotFoundException e) {
            // gone meanwhile
        } catch (MBeanRegistrationException e) {
            throw new CacheException("cannot unregister " + name, e);
        }
    }
}
