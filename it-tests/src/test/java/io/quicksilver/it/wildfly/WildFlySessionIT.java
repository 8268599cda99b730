package io.quicksilver.it.wildfly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.it.Endpoint;
import io.quicksilver.it.Servers;
import io.quicksilver.it.appserver.AppServer;
import io.quicksilver.it.appserver.Browser;
import io.quicksilver.it.appserver.RedisCli;
import io.quicksilver.it.liberty.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Two WildFly servers with the io.quicksilver.session global module (the Undertow
 * ServletExtension of quicksilver-wildfly) share HTTP sessions of a deployment that bundles
 * nothing of ours, through one Quicksilver server: a session created on one is read, changed and
 * invalidated on the other; a server killed with SIGKILL and started again keeps its users logged
 * in; redis-cli reads the session's hash.
 *
 * <p>Runs with the Maven profile {@code wildfly} ({@code mvn -Pwildfly verify}), which unpacks
 * org.wildfly:wildfly-dist and the module zip into it; skipped without it.
 */
@EnabledIfSystemProperty(named = "quicksilver.it.wildfly.home", matches = ".+")
class WildFlySessionIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private static Endpoint store;
    private static WildFlyServer one;
    private static WildFlyServer two;

    @BeforeAll
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    static void startServers() throws Exception {
        long t0 = System.nanoTime();
        Path home = Path.of(System.getProperty("quicksilver.it.wildfly.home"));
        Path sources = Path.of(System.getProperty("quicksilver.it.wildfly.app"));
        Path work = Files.createDirectories(Path.of(System.getProperty("quicksilver.it.wildfly.work")));
        Path run = Files.createTempDirectory(work, "run-");
        Path api = home.resolve("modules/system/layers/base/jakarta/servlet/api/main");
        Path apiJar;
        try (var s = Files.list(api)) {
            apiJar = s.filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no servlet API jar in " + api));
        }
        Path war = TestApp.buildAgainst(sources, apiJar, run);
        store = Servers.start();
        String uri = "redis://127.0.0.1:" + store.port();
        one = WildFlyServer.create(home, run, "wf1", war, uri);
        two = WildFlyServer.create(home, run, "wf2", war, uri);
        AppServer.startAll(List.of(one, two), START_TIMEOUT);
        System.out.printf("WildFlySessionIT: %s and two WildFly servers up in %d ms (%s)%n", store.description(),
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
        assertNotNull(id);
        String key = "qs:session:" + id;
        assertEquals(List.of("ada"), redisCli("hget", key, "user"), "a String attribute is text in the session's hash");
        long ttl = Long.parseLong(redisCli("pttl", key).get(0));
        assertTrue(ttl > 1_700_000 && ttl <= 1_800_000, "TTL = WildFly's default 30 min max inactive interval: " + ttl);

        Map<String, String> read = ada.get(two, "/s/whoami");
        assertEquals(200, ada.lastStatus(), read.toString());
        assertEquals("wf2", read.get("server"));
        assertEquals("false", read.get("new"));
        assertEquals(id, read.get("id"));
        assertEquals("ada", read.get("attr.user"));
        assertEquals("Cart[login@wf1]", read.get("attr.cart"), "an attribute of the application's own class");

        ada.get(two, "/s/set?name=role&value=admin");
        Map<String, String> back = ada.get(one, "/s/whoami");
        assertEquals("admin", back.get("attr.role"), "the first server sees the second's change: " + back);
        assertEquals("Cart[login@wf1, role@wf2]", back.get("attr.cart"));

        assertEquals("true", ada.get(two, "/s/invalidate").get("invalidated"));
        Map<String, String> gone = ada.get(one, "/s/whoami");
        assertEquals(404, ada.lastStatus(), "invalidated on the second, gone on the first: " + gone);
        assertEquals(List.of("0"), redisCli("exists", key));
    }

    @Test
    void aServerKilledAndStartedAgainKeepsItsUsersLoggedIn() throws Exception {
        Browser bob = new Browser();
        String id = bob.get(one, "/s/login?user=bob").get("id");
        bob.get(one, "/s/set?name=theme&value=dark");
        long t0 = System.nanoTime();
        one.kill();
        Map<String, String> elsewhere = bob.get(two, "/s/whoami");
        assertEquals(200, bob.lastStatus(), elsewhere.toString());
        assertEquals("dark", elsewhere.get("attr.theme"));
        one.start(START_TIMEOUT);
        System.out.printf("WildFlySessionIT: wf1 killed and serving again after %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        Map<String, String> after = bob.get(one, "/s/whoami");
        assertEquals(200, bob.lastStatus(), "still logged in after the restart: " + after);
        assertEquals("wf1", after.get("server"));
        assertEquals(id, after.get("id"));
        assertEquals("bob", after.get("attr.user"));
        assertEquals("dark", after.get("attr.theme"));
    }

    /** redis-cli against the store; its stdout lines, empty lines dropped. */
    private static List<String> redisCli(String... args) throws IOException, InterruptedException {
        return RedisCli.run(store.port(), args);
    }
}
