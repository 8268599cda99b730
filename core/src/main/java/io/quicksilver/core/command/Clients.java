package io.quicksilver.core.command;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connected clients, by id (CLIENT LIST, CLIENT KILL, INFO clients), and the MONITOR clients.
 * Thread-safe.
 */
public final class Clients {
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, Client> byId = new ConcurrentSkipListMap<>();
    private final List<Client> monitors = new CopyOnWriteArrayList<>();

    /** Creates and registers a client for a new connection (null for an in-process client). */
    public Client open(Client.Connection connection, long nowMillis) {
        Client c = new Client(nextId.getAndIncrement(), connection, nowMillis);
        byId.put(c.id(), c);
        return c;
    }

    public void close(Client c) {
        byId.remove(c.id());
        monitors.remove(c);
    }

    public Client byId(long id) {
        return byId.get(id);
    }

    /** Clients in id order. */
    public Collection<Client> all() {
        return new ArrayList<>(byId.values());
    }

    public int size() {
        return byId.size();
    }

    public void addMonitor(Client c) {
        monitors.add(c);
    }

    public List<Client> monitors() {
        return monitors;
    }
}
