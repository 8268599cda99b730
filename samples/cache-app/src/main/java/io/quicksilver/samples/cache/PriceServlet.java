package io.quicksilver.samples.cache;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code /price?sku=apple}: the price, and whether it came from the cache.
 * <ul>
 *   <li>{@code GET}: the price ({@code "hit": true} when the catalog was not asked);</li>
 *   <li>{@code PUT ?sku=apple&price=0.99}: sets the cached price ({@code @CachePut});</li>
 *   <li>{@code DELETE ?sku=apple}: evicts it ({@code @CacheRemove}).</li>
 * </ul>
 * Answers one line of JSON.
 */
@WebServlet("/price")
public class PriceServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    private transient PriceService prices;

    @Inject
    private transient PriceCatalog catalog;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sku = sku(request, response);
        if (sku == null) {
            return;
        }
        long lookupsBefore = catalog.lookups();
        long start = System.nanoTime();
        String price = prices.price(sku);
        long micros = (System.nanoTime() - start) / 1000;
        // a hit asked no catalog; a concurrent miss of another SKU can make a hit look like a miss
        boolean hit = catalog.lookups() == lookupsBefore;
        reply(response, String.format(Locale.ROOT,
                "{\"sku\":%s,\"price\":%s,\"hit\":%b,\"micros\":%d,\"lookups\":%d}",
                json(sku), json(price), hit, micros, catalog.lookups()));
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sku = sku(request, response);
        String price = request.getParameter("price");
        if (sku == null) {
            return;
        }
        if (price == null || price.isBlank()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "price missing");
            return;
        }
        prices.override(sku, price);
        reply(response, String.format(Locale.ROOT, "{\"sku\":%s,\"price\":%s,\"put\":true}", json(sku), json(price)));
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sku = sku(request, response);
        if (sku == null) {
            return;
        }
        prices.evict(sku);
        reply(response, String.format(Locale.ROOT, "{\"sku\":%s,\"evicted\":true}", json(sku)));
    }

    /** The {@code sku} parameter, or null after answering 400. */
    private static String sku(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sku = request.getParameter("sku");
        if (sku == null || sku.isBlank()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "sku missing");
            return null;
        }
        return sku;
    }

    private static void reply(HttpServletResponse response, String json) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().println(json);
    }

    /** {@code text} as a JSON string literal. */
    static String json(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
