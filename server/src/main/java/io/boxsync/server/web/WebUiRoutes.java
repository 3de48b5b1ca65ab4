package io.boxsync.server.web;

import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.ProblemResponses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: {@code GET /} answers the single-page app's {@code index.html}, {@code GET /ui/<path>} its static files
 * (ES modules, CSS, icons) from the classpath folder {@code public/}. No build step; files are read once and kept.
 * The page is never cached (so a new release shows at once); the assets are revalidated by ETag. Thread-safe.
 */
public final class WebUiRoutes implements HttpApi.RouteModule {
    private static final String ROOT = "/public/";
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "json", "application/json");

    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    private record Asset(byte[] bytes, String etag) {
    }

    /** Creates the routes; the files are looked up on first request. */
    public WebUiRoutes() {
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.get("/", ctx -> serve(ctx, "index.html", false));
        routes.get("/index.html", ctx -> serve(ctx, "index.html", false));
        routes.get("/ui/<path>", ctx -> serve(ctx, ctx.pathParam("path"), true));
    }

    private void serve(Context ctx, String path, boolean revalidate) {
        if (!SAFE_PATH.matcher(path).matches()) {
            ctx.status(404).contentType("text/plain").result("Not found");
            return;
        }
        String ext = path.substring(path.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        Asset asset = type == null ? null : cache.computeIfAbsent(path, WebUiRoutes::load);
        if (asset == null || asset.bytes() == null) {
            cache.remove(path);
            ctx.status(404).contentType("text/plain").result("Not found");
            return;
        }
        ctx.header("ETag", asset.etag());
        if (revalidate) {
            ctx.header("Cache-Control", "no-cache");
            if (asset.etag().equals(ctx.header("If-None-Match"))) {
                ctx.status(304);
                return;
            }
        } else {
            ctx.header("Cache-Control", "no-store");
        }
        ctx.contentType(type).result(asset.bytes());
    }

    private static Asset load(String path) {
        try (InputStream in = WebUiRoutes.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return new Asset(null, "");
            }
            byte[] bytes = in.readAllBytes();
            return new Asset(bytes, "\"" + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "-" + bytes.length + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
