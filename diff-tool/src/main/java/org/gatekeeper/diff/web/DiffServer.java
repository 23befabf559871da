package org.gatekeeper.diff.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import org.gatekeeper.core.LivenessReader;
import org.gatekeeper.diff.DiffException;
import org.gatekeeper.diff.DiffJson;
import org.gatekeeper.diff.DiffService;
import org.gatekeeper.diff.OutputDiff;
import org.gatekeeper.diff.StateRef;
import org.gatekeeper.model.VideoStatus;
import org.gatekeeper.model.store.AnnouncedVersion;
import org.gatekeeper.model.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gatekeeper serve}: the release-validation page and its JSON API over a blob store (SPEC §8), on Javalin.
 *
 * <p>Safe by default: it binds 127.0.0.1 unless told otherwise; with a token, everything but {@code /health} needs
 * {@code Authorization: Bearer <token>} (or the cookie the login form sets); a malformed parameter gets 400 and an
 * unknown namespace, version or video 404, each with a one-line reason; a blob the store cannot give (missing, or
 * refused as damaged) a logged 500 that names it; any other failure is logged and answered with a 500 that names no
 * internals. Every value on a page is escaped ({@link Html}).
 */
public final class DiffServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiffServer.class);
    static final String TOKEN_COOKIE = "gatekeeper_token";
    /** Marks a response this server already explained, so the 404 handler leaves it alone. */
    private static final String PROBLEM = "gatekeeper.problem";
    private static final java.util.regex.Pattern SAFE_PATH = java.util.regex.Pattern.compile("/(?!/)[A-Za-z0-9._~/-]*");
    /** JSON with {@code <}, {@code >}, {@code &} and quotes written as escapes, so no response can carry markup. */
    private static final ObjectMapper JSON = htmlSafe(new ObjectMapper());

    private final Javalin app;
    private final PrometheusMeterRegistry registry;

    /**
     * @param host the address to bind; {@code 127.0.0.1} unless the page must be reachable from elsewhere
     * @param port 0 for any free port
     * @param token the bearer token every request but {@code /health} must carry; null for none
     */
    public record Settings(String host, int port, String token) {
        public static Settings loopback(int port) {
            return new Settings("127.0.0.1", port, null);
        }

        public Settings withToken(String newToken) {
            return new Settings(host, port, newToken);
        }
    }

    private DiffServer(DiffService service, Settings settings, PrometheusMeterRegistry registry, Clock clock) {
        this.registry = registry;
        Pages pages = new Pages(service, clock);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.startupWatcherEnabled = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.routes.before(ctx -> authorize(ctx, settings.token()));
            config.routes.after(ctx -> Counter.builder("gatekeeper.http.requests")
                    .tag("path", firstSegment(ctx.path())).tag("status", Integer.toString(ctx.statusCode()))
                    .description("HTTP requests served by the page").register(registry).increment());
            config.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            config.routes.post("/login", ctx -> login(ctx, settings.token()));
            config.routes.get("/", ctx -> ctx.html(pages.home()));
            config.routes.get("/compare", ctx -> ctx.html(pages.compare(ctx)));
            config.routes.get("/pick", ctx -> ctx.html(pages.pick(ctx)));
            config.routes.get("/video/{videoId}", ctx -> ctx.html(pages.video(ctx, videoId(ctx.pathParam("videoId")))));
            config.routes.get("/why", ctx -> ctx.html(pages.why(ctx)));
            config.routes.get("/api/versions/{namespace}", ctx -> json(ctx, versions(service, pages,
                    ctx.pathParam("namespace"))));
            config.routes.get("/api/diff", ctx -> json(ctx, DiffJson.of(
                    service.diff(service.resolve(ctx.queryParam("from")), service.resolve(ctx.queryParam("to"))),
                    Pages.filter(ctx), Pages.longParam(ctx, "offset", 0), (int) Pages.longParam(ctx, "limit", 100))));
            config.routes.get("/api/status/{videoId}", ctx -> json(ctx, status(service, ctx)));
            config.routes.exception(DiffException.class, (e, ctx) -> problem(ctx,
                    e.reason() == DiffException.Reason.MALFORMED ? 400 : 404, e.getMessage()));
            config.routes.exception(org.gatekeeper.model.store.BlobStoreException.class, (e, ctx) -> {
                LOG.error("{} {}: {}", ctx.method(), ctx.path(), e.getMessage()); // says which blob, and why
                problem(ctx, 500, e.getMessage());
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "internal error; the server log has the details");
            });
            config.routes.error(404, ctx -> {
                if (ctx.attribute(PROBLEM) == null) {
                    problem(ctx, 404, "no page at " + ctx.path());
                }
            });
        });
        this.app.start();
        LOG.info("Diff page on http://{}:{}/ over {}{}", settings.host(), app.port(), service.store().location(),
                settings.token() == null ? "" : "; a bearer token is required");
    }

    /** Starts the page over {@code store}; its own Prometheus registry with JVM memory metrics. */
    public static DiffServer start(BlobStore store, Settings settings, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        return start(store, settings, registry, clock);
    }

    /** Starts the page, publishing its metrics (and whatever else the registry holds) on {@code /metrics}. */
    public static DiffServer start(BlobStore store, Settings settings, PrometheusMeterRegistry registry, Clock clock) {
        return new DiffServer(new DiffService(store), settings, registry, clock);
    }

    public int port() {
        return app.port();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The listening connectors, for tests of what the server binds. */
    org.eclipse.jetty.server.Connector[] jettyConnectors() {
        return app.jettyServer().server().getConnectors();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void authorize(Context ctx, String token) {
        if (token == null || ctx.path().equals("/health") || ctx.path().equals("/login")) {
            return;
        }
        String header = ctx.header("Authorization");
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7) : ctx.cookie(TOKEN_COOKIE);
        if (given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return;
        }
        if (ctx.path().startsWith("/api/")) {
            problem(ctx, 401, "a bearer token is required"); // JSON, as every other answer of the API
        } else if (ctx.path().equals("/metrics")) {
            ctx.status(401).contentType("text/plain; charset=utf-8").result("a bearer token is required");
        } else {
            ctx.status(401).html(Html.page("Sign in", "<p>This page needs the server's token.</p>"
                    + "<form method=\"post\" action=\"/login\" class=\"inline\"><label>Token<input type=\"password\" "
                    + "name=\"token\" autocomplete=\"off\"></label><input type=\"hidden\" name=\"next\" value=\""
                    + Html.esc(ctx.path()) + "\"><button>Sign in</button></form>"));
        }
        ctx.skipRemainingHandlers();
    }

    private static void login(Context ctx, String token) {
        String given = ctx.formParam("token");
        String next = Optional.ofNullable(ctx.formParam("next")).filter(p -> SAFE_PATH.matcher(p).matches())
                .orElse("/"); // only a plain local path: never another host
        if (token == null || given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            ctx.status(401).html(Html.page("Sign in", "<p class=\"error\">Wrong token.</p>"));
            return;
        }
        Cookie cookie = new Cookie(TOKEN_COOKIE, given);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
        ctx.redirect(next);
    }

    private static void problem(Context ctx, int status, String message) {
        ctx.attribute(PROBLEM, Boolean.TRUE);
        String line = message == null ? "error" : message.replace('\n', ' ');
        boolean api = ctx.path().startsWith("/api/") || ctx.path().equals("/metrics");
        if (api) {
            try {
                ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(
                        JSON.createObjectNode().put("error", line).put("status", status)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                ctx.status(status).result("error");
            }
        } else {
            ctx.status(status).html(Html.page(status == 404 ? "Not found" : status == 400 ? "Bad request" : "Error",
                    "<p class=\"error\">" + Html.esc(line) + "</p>"));
        }
    }

    private static void json(Context ctx, Object value) throws Exception {
        ctx.contentType("application/json").result(JSON.writeValueAsString(value));
    }

    private static ArrayNode versions(DiffService service, Pages pages, String namespace) {
        ArrayNode versions = JSON.createArrayNode();
        for (AnnouncedVersion version : service.versions(namespace)) {
            ObjectNode node = versions.addObject();
            node.put("version", version.version());
            node.put("announcedAt", version.announcedAt().toString());
            ObjectNode tags = node.putObject("headerTags");
            pages.tags(namespace, version.version()).forEach(tags::put);
        }
        return versions;
    }

    private static ObjectNode status(DiffService service, Context ctx) {
        long videoId = videoId(ctx.pathParam("videoId"));
        String namespace = Pages.outputNamespace(service, ctx.queryParam("namespace"));
        // By default what clients serve: the pinned version during a rollback, not the newer one announced.
        String version = Optional.ofNullable(ctx.queryParam("version")).orElse("served");
        StateRef ref = service.resolve(namespace + ":" + version);
        VideoStatus status = LivenessReader.read(service.load(ref), videoId).orElseThrow(() ->
                new DiffException(DiffException.Reason.NOT_FOUND, "video " + videoId + " is not in " + ref.label()));
        ObjectNode node = JSON.createObjectNode();
        node.put("namespace", ref.namespace());
        node.put("version", ref.version());
        node.put("videoId", videoId);
        ArrayNode countries = node.putArray("countries");
        status.getCountries().forEach(c -> countries.add(DiffJson.status(c)));
        return node;
    }

    private static ObjectMapper htmlSafe(ObjectMapper mapper) {
        mapper.getFactory().setCharacterEscapes(new com.fasterxml.jackson.core.io.CharacterEscapes() {
            private final int[] escapes;

            {
                escapes = standardAsciiEscapesForJSON();
                for (char c : new char[] {'<', '>', '&', '\''}) {
                    escapes[c] = ESCAPE_STANDARD;
                }
            }

            @Override
            public int[] getEscapeCodesForAscii() {
                return escapes;
            }

            @Override
            public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
                return null;
            }
        });
        return mapper;
    }

    static long videoId(String text) {
        try {
            long id = Long.parseLong(text);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw new DiffException(DiffException.Reason.MALFORMED, "video id '" + shorten(text)
                    + "' is not a non-negative whole number");
        }
    }

    static String shorten(String text) {
        return text == null ? "" : text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static String firstSegment(String path) {
        int next = path.indexOf('/', 1);
        String segment = next < 0 ? path : path.substring(0, next);
        return switch (segment) {
            case "/", "/health", "/metrics", "/login", "/compare", "/pick", "/video", "/why", "/api" -> segment;
            default -> "other";
        };
    }
}
