package io.quicksilver.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quicksilver.core.engine.Engine;
import io.quicksilver.core.store.EngineStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The JSON serializer: what comes back is what was set, and the stored form is readable text. */
class JsonSerializerTest {
    private final AttributeCodec codec = new AttributeCodec(new JsonSerializer(), getClass().getClassLoader());

    enum Size { SMALL, LARGE }

    record Item(String name, int quantity, Size size) {}

    /** A bean with an interface-typed collection, a map, an Object-typed property and a long. */
    public static class Cart {
        private List<Item> items = new ArrayList<>();
        private Map<String, Object> extras = new LinkedHashMap<>();
        private Object note;
        private long total;

        public List<Item> getItems() {
            return items;
        }

        public void setItems(List<Item> items) {
            this.items = items;
        }

        public Map<String, Object> getExtras() {
            return extras;
        }

        public void setExtras(Map<String, Object> extras) {
            this.extras = extras;
        }

        public Object getNote() {
            return note;
        }

        public void setNote(Object note) {
            this.note = note;
        }

        public long getTotal() {
            return total;
        }

        public void setTotal(long total) {
            this.total = total;
        }
    }

    private Object roundTrip(Object value) {
        byte[] b = codec.encode(value);
        assertTrue(AttributeCodec.isSerialized(b), "told apart from text by its first byte");
        return codec.decode(b);
    }

    @Test
    void typesJsonWouldLoseComeBack() {
        assertEquals(7L, roundTrip(7L)); // not an Integer
        assertEquals(7, roundTrip(7));
        assertEquals(2.5d, roundTrip(2.5d));
        assertEquals(true, roundTrip(true));
        assertEquals(Size.LARGE, roundTrip(Size.LARGE)); // not a String
        assertEquals(new Item("pen", 2, Size.SMALL), roundTrip(new Item("pen", 2, Size.SMALL)));
        assertEquals(List.of(new Item("a", 1, Size.SMALL), 3L), roundTrip(new ArrayList<>(List.of(new Item("a", 1,
                Size.SMALL), 3L))));
        Set<String> sorted = new TreeSet<>(List.of("b", "a"));
        assertEquals(TreeSet.class, roundTrip(sorted).getClass());
        assertArrayEquals(new int[] {1, 2, 3}, (int[]) roundTrip(new int[] {1, 2, 3}));
    }

    @Test
    void aBeanWithTypedCollectionsComesBackWhole() {
        Cart cart = new Cart();
        cart.getItems().add(new Item("pen", 2, Size.SMALL));
        cart.getExtras().put("since", 1763901234567L);
        cart.getExtras().put("gift", new Item("card", 1, Size.LARGE));
        cart.setNote(Size.LARGE);
        cart.setTotal(42L);
        Cart back = assertInstanceOf(Cart.class, roundTrip(cart));
        assertEquals(cart.getItems(), back.getItems());
        assertInstanceOf(Item.class, back.getItems().get(0));
        assertEquals(1763901234567L, back.getExtras().get("since"));
        assertEquals(new Item("card", 1, Size.LARGE), back.getExtras().get("gift"));
        assertEquals(Size.LARGE, back.getNote());
        assertEquals(42L, back.getTotal());
    }

    @Test
    void theStoredFormIsReadableJsonBehindOneMarkerByte() {
        byte[] b = codec.encode(new Item("pen", 2, Size.SMALL));
        assertEquals((byte) 0xBF, b[0]);
        String json = new String(b, 1, b.length - 1, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"name\":\"pen\"") && json.contains("\"quantity\":2")
                && json.contains(Item.class.getName()), json);
    }

    @Test
    void propertiesAClassNoLongerHasAreIgnored() {
        String json = "{\"@class\":\"" + Item.class.getName()
                + "\",\"name\":\"pen\",\"quantity\":2,\"size\":[\"" + Size.class.getName()
                + "\",\"SMALL\"],\"colour\":\"red\"}";
        byte[] b = ("\u00bf" + json).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(new Item("pen", 2, Size.SMALL), codec.decode(b));
    }

    @Test
    void whatCannotBeWrittenOrReadFailsClearly() {
        // java.time needs jackson-datatype-jsr310, which this test does not have
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> codec.encode(Instant.EPOCH));
        assertTrue(w.getMessage().contains("java.time.Instant"), w.getMessage());
        byte[] missing = "\u00bf{\"@class\":\"com.example.Gone\",\"a\":1}".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class, () -> codec.decode(missing));
        byte[] javaForm = new AttributeCodec(new JavaSerializer(), null).encode(3L);
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> codec.decode(javaForm));
        assertTrue(r.getMessage().contains("another serializer"), r.getMessage());
    }

    @Test
    void sessionsStoreJsonAttributesAndReadThemBack() {
        SessionSettings settings = SessionSettings.from(k -> k.equals("quicksilver.session.serializer")
                ? Optional.of("json") : Optional.empty());
        AttributeSerializer s = settings.newSerializer(getClass().getClassLoader());
        assertInstanceOf(JsonSerializer.class, s);
        try (Engine engine = Engine.builder().build(); EngineStore store = new EngineStore(engine, 0)) {
            SessionRepository repo = new SessionRepository(store, settings,
                    new AttributeCodec(s, getClass().getClassLoader()), Clock.systemUTC());
            SessionData d = repo.create(60);
            d.set("item", new Item("pen", 2, Size.SMALL));
            d.set("user", "alice");
            assertTrue(repo.save(d));
            byte[] raw = store.hget(repo.key(d.id()), "item");
            assertTrue(new String(raw, StandardCharsets.UTF_8).contains("\"name\":\"pen\""));
            assertArrayEquals("alice".getBytes(StandardCharsets.UTF_8), store.hget(repo.key(d.id()), "user"));
            SessionData back = repo.find(d.id());
            assertEquals(new Item("pen", 2, Size.SMALL), back.get("item"));
            assertEquals("alice", back.get("user"));
        }
    }
}
