package io.clickstream.local.livepage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clickstream.dashboard.EchartsWebJar;
import io.clickstream.local.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local run's live page: an HTTP server on the loopback interface (JDK {@code HttpServer}) serving the page
 * ({@code live-page/index.html}, its script and style), ECharts from its WebJar (so it works offline), and
 * {@value #PANELS_PATH}, the panels' rows as JSON, read from a {@link PanelSource} on each request; the page asks
 * for them every {@value #REFRESH_SECONDS} s. Only GET and HEAD of these paths are served; anything else is 404/405.
 *
 * <p>Requests whose {@code Host} is not {@code localhost} or {@code 127.0.0.1} are refused (403).
 *
 * <p>Failure: a source that throws (PostgreSQL down, Gold not migrated yet) gives a 503 whose JSON names the error,
 * which the page shows while it keeps polling. The wanted port is taken when free, any free port otherwise
 * ({@link #uri()} says which); 0 always picks a free one.
 */
public final class LivePageServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 8090;
    static final int REFRESH_SECONDS = 5;
    static final String PANELS_PATH = "/api/panels";
    static final String ECHARTS_PATH = "/echarts.min.js";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PanelSource source;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Asset> assets;

    private LivePageServer(HttpServer server, ExecutorService executor, PanelSource source, Map<String, Asset> assets) {
        this.server = server;
        this.executor = executor;
        this.source = source;
        this.assets = assets;
    }

    /** Starts serving on 127.0.0.1: {@code port} if free, else (or when 0) any free port. */
    public static LivePageServer start(int port, PanelSource source) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        assets.put("/", Asset.of("live-page/index.html", "text/html; charset=utf-8"));
        assets.put("/page.js", Asset.of("live-page/page.js", "text/javascript; charset=utf-8"));
        assets.put("/page.css", Asset.of("live-page/page.css", "text/css; charset=utf-8"));
        assets.put(ECHARTS_PATH, Asset.of(EchartsWebJar.script(), "text/javascript; charset=utf-8"));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "live-page");
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = bind(port);
            LivePageServer page = new LivePageServer(server, executor, source, assets);
            server.createContext("/", page::handle);
            server.setExecutor(executor);
            server.start();
            return page;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot serve the live page on 127.0.0.1", e);
        }
    }

    /** {@code port} when it is free, else a free one (also when another process takes the port in between). */
    private static HttpServer bind(int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (port != 0 && FreePorts.isFree(port)) {
            try {
                return HttpServer.create(new InetSocketAddress(loopback, port), 16);
            } catch (BindException e) {
                // taken since the check: fall through to any free port
            }
        }
        return HttpServer.create(new InetSocketAddress(loopback, 0), 16);
    }

    public URI uri() {
        return URI.create("http://localhost:" + server.getAddress().getPort() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "Method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!fromThisMachine(exchange)) {
                send(
                        exchange,
                        403,
                        TEXT,
                        "Only http://localhost and http://127.0.0.1 are served\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals(PANELS_PATH)) {
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                servePanels(exchange);
                return;
            }
            Asset asset = assets.get(path);
            if (asset == null) {
                send(exchange, 404, TEXT, ("Not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(exchange, 200, asset.contentType(), asset.bytes());
        }
    }

    /**
     * The request names this machine in its {@code Host}: a page elsewhere that points a hostname of its own at
     * 127.0.0.1 (DNS rebinding) cannot read the panels through the browser.
     */
    private static boolean fromThisMachine(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return true; // HTTP/1.0 without Host: not a browser's request
        }
        String name = host.replaceFirst(":\\d+$", "");
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]");
    }

    private void servePanels(HttpExchange exchange) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("refreshSeconds", REFRESH_SECONDS);
        body.put("windowMinutes", LivePanels.WINDOW_MINUTES);
        body.put("readAt", Instant.now().toString());
        int status;
        try {
            body.put("panels", source.read());
            status = 200;
        } catch (SQLException | RuntimeException e) {
            body.put("error", "Gold is not readable yet: " + e.getMessage());
            status = 503;
        }
        send(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "live page " + uri();
    }

    /** A file of the page, read once from the classpath. */
    private record Asset(String contentType, byte[] bytes) {

        static Asset of(String resource, String contentType) {
            try (InputStream in = LivePageServer.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("No resource " + resource + " on the classpath");
                }
                return new Asset(contentType, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
