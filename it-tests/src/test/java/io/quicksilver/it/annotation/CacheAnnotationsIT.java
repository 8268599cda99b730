package io.quicksilver.it.annotation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.it.annotation.app.BookService;
import io.quicksilver.jcache.QuicksilverCachingProvider;
import io.quicksilver.jcache.annotation.DefaultGeneratedCacheKey;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.cache.annotation.GeneratedCacheKey;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The JSR-107 annotations of quicksilver-jcache in a CDI container: Weld (arquillian-weld-embedded)
 * deploys an "annotated" bean archive holding a service that uses {@code @CacheResult} (with an
 * exception cache), {@code @CachePut}, {@code @CacheRemove}, {@code @CacheRemoveAll} and
 * {@code @CacheDefaults}, with quicksilver-jcache as its library; nothing in the archive names
 * an interceptor. The caches are the default embedded manager's, whose engine serves RESP on a
 * free port ({@code quicksilver.server.port}), so every cached entry is also read (and edited)
 * with Jedis as an ordinary key: {@code jcache:<cache>:<serialized GeneratedCacheKey>}.
 * Runs in the failsafe execution {@code cdi-annotations} (the Jetty adapter is off its class
 * path).
 */
@ExtendWith(ArquillianExtension.class)
class CacheAnnotationsIT {
    private static final int PORT = freePort();

    static {
        // read when the interceptors first open the default CacheManager, after deployment
        System.setProperty("quicksilver.server.port", Integer.toString(PORT));
    }

    @Inject
    BookService books;

    // Arquillian runs each test on an instance of its own, without the client's @BeforeEach:
    // one client for the class, opened lazily
    private static Jedis jedis;

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "books.war")
                .addClass(BookService.class)
                // no bean-discovery-mode: "annotated", the CDI 4 default
                .addAsWebInfResource(new StringAsset("""
                        <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0"/>
                        """), "beans.xml")
                .addAsLibrary(jcacheJar());
    }

    /** The quicksilver-jcache jar the build resolved (its classes directory inside a reactor). */
    private static JavaArchive jcacheJar() {
        Path location;
        try {
            location = Path.of(QuicksilverCachingProvider.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        JavaArchive jar = Files.isDirectory(location)
                ? ShrinkWrap.create(ExplodedImporter.class, "quicksilver-jcache.jar")
                        .importDirectory(location.toFile()).as(JavaArchive.class)
                : ShrinkWrap.createFromZipFile(JavaArchive.class, location.toFile());
        if (!jar.contains("META-INF/services/jakarta.enterprise.inject.spi.Extension")) {
            throw new IllegalStateException(location + " does not hold the CDI extension");
        }
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void disconnect() {
        if (jedis != null) {
            jedis.close();
        }
        System.clearProperty("quicksilver.server.port");
    }

    /** The RESP client of the engine's listener; call after the first cached call opened it. */
    private static synchronized Jedis jedis() {
        if (jedis == null) {
            jedis = new Jedis("127.0.0.1", PORT);
        }
        return jedis;
    }

    @Test
    void cacheResultHitsAndMissesAreOrdinaryKeys() {
        // the first call opens the default manager, and with it the RESP listener
        assertEquals("Title of r-1 #1", books.title("r-1"));
        assertEquals("Title of r-1 #1", books.title("r-1"));
        assertEquals(1, books.calls("title:r-1"), "the second call is a hit");
        assertEquals("Title of r-2 #1", books.title("r-2"));
        assertEquals(1, books.calls("title:r-2"));

        List<Object> keys = new ArrayList<>();
        for (byte[] key : scan("jcache:books:*")) {
            keys.add(decodeKey("books", key));
        }
        assertTrue(keys.contains(cacheKey("r-1")) && keys.contains(cacheKey("r-2")), keys.toString());
        assertEquals("Title of r-1 #1", get("books", "r-1"));

        jedis().del(key("books", "r-1")); // an operator evicts the entry by hand: a miss again
        assertEquals("Title of r-1 #2", books.title("r-1"));
        assertEquals(2, books.calls("title:r-1"));
        jedis().set(key("books", "r-1"), "Edited".getBytes(StandardCharsets.UTF_8)); // and edits it
        assertEquals("Edited", books.title("r-1"));
        assertEquals(2, books.calls("title:r-1"));
        assertEquals(1, books.calls("title:r-2"));
    }

    @Test
    void putRemoveAndRemoveAllChangeTheKeys() {
        books.save("p-1", "Dune");
        assertEquals(1, books.calls("save:p-1"));
        assertEquals("Dune", get("books", "p-1"));
        assertEquals("Dune", books.title("p-1"), "the put value is what @CacheResult finds");
        assertEquals(0, books.calls("title:p-1"));

        books.delete("p-1");
        assertEquals(1, books.calls("delete:p-1"));
        assertFalse(jedis().exists(key("books", "p-1")));
        assertEquals("Title of p-1 #1", books.title("p-1"));

        books.save("p-2", "Hyperion");
        assertEquals("quote q-1", books.quote("q-1"));
        assertFalse(scan("jcache:books:*").isEmpty());
        books.deleteAll();
        assertEquals(1, books.calls("deleteAll"));
        assertEquals(List.of(), scan("jcache:books:*"));
        assertEquals("quote q-1", get("quotes", "q-1"), "another cache keeps its keys");
        assertEquals("Title of p-2 #1", books.title("p-2"));
    }

    @Test
    void aCachedExceptionIsRethrownWithoutARun() throws Exception {
        IllegalArgumentException first = assertThrows(IllegalArgumentException.class, () -> books.quote("bad-1"));
        assertEquals("no quote bad-1 #1", first.getMessage());
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> books.quote("bad-1"));
        assertEquals("no quote bad-1 #1", again.getMessage(), "the stored exception, not a new run");
        assertEquals(1, books.calls("quote:bad-1"));

        assertFalse(jedis().exists(key("quotes", "bad-1")), "no result was cached");
        List<byte[]> failures = scan("jcache:quote-failures:*");
        assertEquals(1, failures.size());
        assertArrayEquals(key("quote-failures", "bad-1"), failures.get(0));
        Object stored = deserialize(jedis().get(failures.get(0)));
        assertEquals("no quote bad-1 #1", assertInstanceOf(IllegalArgumentException.class, stored).getMessage());

        jedis().del(failures.get(0)); // evicted: the method runs again
        IllegalArgumentException third = assertThrows(IllegalArgumentException.class, () -> books.quote("bad-1"));
        assertEquals("no quote bad-1 #2", third.getMessage());
    }

    @Test
    void concurrentMissesComputeOnce() throws Exception {
        assertEquals("warm-up#1", books.slow("warm-up")); // the cache exists before the stampede
        CountDownLatch gate = new CountDownLatch(1);
        books.setGate(gate);
        int n = 16;
        String[] results = new String[n];
        Throwable[] failures = new Throwable[n];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    results[index] = books.slow("s");
                } catch (Throwable e) {
                    failures[index] = e;
                }
            }, "stampede-" + i);
            threads.add(t);
            t.start();
        }
        try {
            awaitParked(threads);
            // without the single flight every thread would be waiting at the gate, inside the method
            assertEquals(1, books.calls("slow:s"), "only one caller computes");
            assertNull(jedis().get(key("slow", "s")), "nothing is cached before the computation ends");
        } finally {
            gate.countDown();
            for (Thread t : threads) {
                t.join(20_000);
            }
            books.setGate(new CountDownLatch(0));
        }
        assertEquals(List.of(), Arrays.stream(failures).filter(f -> f != null).toList());
        for (String r : results) {
            assertEquals("s#1", r);
        }
        assertEquals(1, books.calls("slow:s"));
        assertEquals("s#1", get("slow", "s"));
    }

    /** Waits (up to 10 s) until every thread is parked: at the gate or behind the first caller. */
    private static void awaitParked(List<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int stable = 0;
        while (stable < 5) {
            boolean parked = threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING);
            stable = parked ? stable + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("threads not parked: "
                        + threads.stream().map(t -> t.getName() + "=" + t.getState()).toList());
            }
            Thread.sleep(20);
        }
    }

    private List<byte[]> scan(String pattern) {
        List<byte[]> keys = new ArrayList<>();
        byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
        ScanParams params = new ScanParams().match(pattern.getBytes(StandardCharsets.UTF_8)).count(100);
        do {
            ScanResult<byte[]> page = jedis().scan(cursor, params);
            keys.addAll(page.getResult());
            cursor = page.getCursorAsBytes();
        } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
        return keys;
    }

    private String get(String cache, String param) {
        byte[] value = jedis().get(key(cache, param));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static GeneratedCacheKey cacheKey(String param) {
        return new DefaultGeneratedCacheKey(new Object[] {param});
    }

    /** The engine key of a one-parameter method's entry: prefix, cache, serialized key. */
    private static byte[] key(String cache, String param) {
        byte[] prefix = ("jcache:" + cache + ":").getBytes(StandardCharsets.UTF_8);
        byte[] body = serialize(cacheKey(param));
        byte[] key = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, key, prefix.length, body.length);
        return key;
    }

    private static Object decodeKey(String cache, byte[] key) {
        byte[] prefix = ("jcache:" + cache + ":").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(prefix, Arrays.copyOf(key, prefix.length));
        return deserialize(Arrays.copyOfRange(key, prefix.length, key.length));
    }

    private static byte[] serialize(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Object deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
