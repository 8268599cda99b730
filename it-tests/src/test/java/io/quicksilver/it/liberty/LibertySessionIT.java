package io.quicksilver.it.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.it.Endpoint;
import io.quicksilver.it.Servers;
import io.quicksilver.it.appserver.AppServer;
import io.quicksilver.it.appserver.Browser;
import io.quicksilver.it.appserver.RedisCli;
import io.quicksilver.it.appserver.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two Open Liberty servers whose {@code sessionCache-1.0} feature uses our JCache provider in
 * remote mode share HTTP sessions through one Quicksilver server (started in this JVM on a free
 * loopback port): a session created on one is read, changed and invalidated on the other, a
 * server killed with SIGKILL and started again keeps its users logged in, and redis-cli lists and
 * reads the sessions' keys under Liberty's own cache names.
 *
 * <p>Runs with the Maven profile {@code liberty} ({@code mvn -Pliberty verify}), which unpacks
 * io.openliberty:openliberty-runtime and copies the provider's jars; skipped without it.
 */
@EnabledIfSystemProperty(named = "quicksilver.it.liberty.home", matches = ".+")
class LibertySessionIT {
    /** Liberty's cache names for the application at context root /app on default_host. */
    private static final String META = "jcache:com.ibm.ws.session.meta.default_host%2Fapp:";
    private static final String ATTR = "jcache:com.ibm.ws.session.attr.default_host%2Fapp:";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static Endpoint store;
    private static LibertyServer one;
    private static LibertyServer two;

    @BeforeAll
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    static void startServers() throws Exception {
        long t0 = System.nanoTime();
        Path wlp = Path.of(System.getProperty("quicksilver.it.liberty.home"));
        Path jars = Path.of(System.getProperty("quicksilver.it.liberty.lib"));
        Path sources = Path.of(System.getProperty("quicksilver.it.liberty.app"));
        Path work = Files.createDirectories(Path.of(System.getProperty("quicksilver.it.liberty.work")));
        Path run = Files.createTempDirectory(work, "run-");
        Path war = TestApp.build(sources, wlp, run);
        store = Servers.start();
        String uri = "redis://127.0.0.1:" + store.port();
        Path userDir = Files.createDirectories(run.resolve("usr"));
        one = LibertyServer.create(wlp, userDir, "qs1", ServerProcess.freePort(), jars, war, uri);
        two = LibertyServer.create(wlp, userDir, "qs2", ServerProcess.freePort(), jars, war, uri);
        // started side by side: each waits mostly on its own class loading
        AppServer.startAll(List.of(one, two), START_TIMEOUT);
        System.out.printf("LibertySessionIT: %s and two Liberty servers up in %d ms (%s)%n", store.description(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), run);
    }

    @AfterAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void stopServers() throws Exception {
        AppServer.closeAll(one, two, store);
    }

    @Test
    void aSessionCreatedOnOneServerIsReadChangedAndInvalidatedOnTheOther() throws Exception {
        Browser ada = new Browser();
        Map<String, String> created = ada.get(one, "/s/login?user=ada");
        assertEquals("true", created.get("new"), created.toString());
        String id = created.get("id");
        assertNotNull(id, created.toString());
        assertEquals("ada", created.get("attr.user"));

        // the store holds Liberty's two caches: the session's metadata and one key per attribute
        List<String> keys = redisCli("--scan", "--pattern", "jcache:com.ibm.ws.session.*" + id + "*");
        assertEquals(List.of(ATTR + id + ".cart", ATTR + id + ".user", META + id), sorted(keys));
        assertTrue(redisCli("get", META + id).toString().contains("java.util.ArrayList"),
                "metadata is a Java-serialized ArrayList");
        assertTrue(redisCli("get", ATTR + id + ".user").toString().contains("ada"), "the attribute's bytes");

        Map<String, String> read = ada.get(two, "/s/whoami");
        assertEquals(200, ada.lastStatus(), read.toString());
        assertEquals("qs2", read.get("server"));
        assertEquals("false", read.get("new"), "the session is not new on the second server: " + read);
        assertEquals(id, read.get("id"));
        assertEquals("ada", read.get("attr.user"));
        assertEquals("Cart[login@qs1]", read.get("attr.cart"), "an attribute of the application's own class");

        Map<String, String> changed = ada.get(two, "/s/set?name=role&value=admin");
        assertEquals("admin", changed.get("attr.role"));
        Map<String, String> back = ada.get(one, "/s/whoami");
        assertEquals(200, ada.lastStatus(), back.toString());
        assertEquals(id, back.get("id"));
        assertEquals("admin", back.get("attr.role"), "the first server sees the second's change: " + back);
        assertEquals("Cart[login@qs1, role@qs2]", back.get("attr.cart"));
        assertTrue(redisCli("--scan", "--pattern", ATTR + id + ".*").contains(ATTR + id + ".role"));

        Map<String, String> invalidated = ada.get(two, "/s/invalidate");
        assertEquals("true", invalidated.get("invalidated"), invalidated.toString());
        Map<String, String> gone = ada.get(one, "/s/whoami");
        assertEquals(404, ada.lastStatus(), "the first server must not find the session the second invalidated: " + gone);
        assertEquals("none", gone.get("session"));
        assertEquals(List.of(), redisCli("--scan", "--pattern", "jcache:com.ibm.ws.session.*" + id + "*"),
                "invalidation removed every key of the session from the store");
        assertNoSessionErrors();
    }

    @Test
    void aServerKilledAndStartedAgainKeepsItsUsersLoggedIn() throws Exception {
        Browser bob = new Browser();
        Map<String, String> created = bob.get(one, "/s/login?user=bob");
        String id = created.get("id");
        assertEquals("bob", created.get("attr.user"));
        Map<String, String> changed = bob.get(one, "/s/set?name=theme&value=dark");
        assertEquals("dark", changed.get("attr.theme"));

        long t0 = System.nanoTime();
        one.kill();
        Map<String, String> elsewhere = bob.get(two, "/s/whoami");
        assertEquals(200, bob.lastStatus(), "the other server serves the user while the first is down: " + elsewhere);
        assertEquals("bob", elsewhere.get("attr.user"));
        assertEquals("dark", elsewhere.get("attr.theme"));

        one.start(START_TIMEOUT);
        System.out.printf("LibertySessionIT: qs1 killed and serving again after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        Map<String, String> after = bob.get(one, "/s/whoami");
        assertEquals(200, bob.lastStatus(), "still logged in after the restart: " + after);
        assertEquals("qs1", after.get("server"));
        assertEquals(id, after.get("id"));
        assertEquals("false", after.get("new"));
        assertEquals("bob", after.get("attr.user"));
        assertEquals("dark", after.get("attr.theme"));
        assertEquals("Cart[login@qs1, theme@qs1]", after.get("attr.cart"));
        assertNoSessionErrors();
    }

    @Test
    void idleSessionsAreInvalidatedByLibertyNotByTheStore() throws Exception {
        Browser idle = new Browser();
        String idleId = idle.get(two, "/s/login?user=ida&maxInactive=1").get("id");
        Browser late = new Browser();
        String lateId = late.get(two, "/s/login?user=lou&maxInactive=1").get("id");
        // Liberty's caches are eternal: the keys carry no TTL, Liberty decides when a session ends
        assertEquals(List.of("-1"), redisCli("ttl", META + idleId));
        assertEquals(List.of("-1"), redisCli("ttl", ATTR + idleId + ".user"));
        Thread.sleep(2500);

        // a request for a timed-out session on the other server finds none, and its keys go
        Map<String, String> expired = late.get(one, "/s/whoami");
        assertEquals(404, late.lastStatus(), "timed out: " + expired);
        assertEquals(List.of(), redisCli("--scan", "--pattern", "jcache:com.ibm.ws.session.*" + lateId + "*"));

        // a timed-out session nobody asks for is removed by Liberty's invalidation sweep (every 30 s),
        // which iterates the meta cache and removes the session's meta and attribute keys
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        List<String> left;
        while (!(left = redisCli("--scan", "--pattern", "jcache:com.ibm.ws.session.*" + idleId + "*")).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "Liberty's sweep left " + left);
            Thread.sleep(1000);
        }
        assertNoSessionErrors();
    }

    /** No session-manager error (SESN...E) nor FFDC incident in either server's log. */
    private static void assertNoSessionErrors() throws IOException {
        for (LibertyServer s : List.of(one, two)) {
            String log = Files.readString(s.messagesLog(), StandardCharsets.ISO_8859_1);
            for (String line : log.split("\n")) {
                boolean bad = line.matches(".*\\bSESN\\d+E\\b.*") || line.contains("FFDC1015I");
                assertTrue(!bad, s.name() + " logged: " + line + "\n" + LibertyServer.tail(s.messagesLog()));
            }
        }
    }

    private static List<String> sorted(List<String> l) {
        List<String> s = new ArrayList<>(l);
        s.sort(null);
        return s;
    }

    /** redis-cli against the store; its stdout lines, empty lines dropped. */
    private static List<String> redisCli(String... args) throws IOException, InterruptedException {
        return RedisCli.run(store.port(), args);
    }
}
