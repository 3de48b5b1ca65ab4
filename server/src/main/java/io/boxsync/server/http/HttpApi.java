package io.boxsync.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP server: health, metrics, problem documents for every error, request size limit, request log, plus the
 * route modules given to it. Thread-safe; {@link #close()} stops it and is idempotent.
 */
public final class HttpApi implements AutoCloseable {

    /** A group of routes another part of the server contributes. */
    @FunctionalInterface
    public interface RouteModule {
        void register(RoutesConfig routes, ProblemResponses problems);
    }

    private final Javalin javalin;
    private final MetricsRoutes metrics;
    private volatile boolean closed;

    private HttpApi(Javalin javalin, MetricsRoutes metrics) {
        this.javalin = javalin;
        this.metrics = metrics;
    }

    /**
     * Starts listening.
     *
     * @param host the bind address
     * @param port the port, 0 for a free one (see {@link #port()})
     * @param maxRequestBytes larger request bodies get a 413 problem
     * @param database what {@code /health} reports on
     * @param modules further routes, registered in order
     */
    public static HttpApi start(String host, int port, long maxRequestBytes, DatabaseStatus database,
                                List<RouteModule> modules) {
        Objects.requireNonNull(database, "database");
        ObjectMapper mapper = JsonMapping.newMapper();
        ProblemResponses problems = new ProblemResponses(mapper);
        MetricsRoutes metrics = new MetricsRoutes();
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.http.maxRequestSize = maxRequestBytes;
            config.requestLogger.http((ctx, millis) -> {
                RequestLog.log(ctx, millis);
                metrics.recordRequest(ctx, millis);
            });
            config.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Referrer-Policy", "same-origin");
                ctx.header("X-Frame-Options", "DENY");
                long length = ctx.req().getContentLengthLong();
                if (length > maxRequestBytes) {
                    throw new ApiException(Problem.ofKind("request-too-large", 413, "Content Too Large",
                            "The request body has " + length + " bytes; this server accepts at most "
                                    + maxRequestBytes + "."));
                }
                refuseUnstorableJson(ctx);
            });
            problems.register(config.routes);
            new HealthRoutes(database).register(config.routes);
            metrics.register(config.routes);
            for (RouteModule module : modules) {
                module.register(config.routes, problems);
            }
        });
        try {
            javalin.start(host, port);
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        return new HttpApi(javalin, metrics);
    }

    /** The port actually listened on. */
    public int port() {
        return javalin.port();
    }

    /** The metrics registry, for meters of other parts of the server. */
    public MetricsRoutes metrics() {
        return metrics;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            javalin.stop();
            metrics.close();
        }
    }

    /**
     * A JSON body of {@code null} has no fields to read, and PostgreSQL's text cannot hold the NUL character: both are
     * refused as bad input here rather than failing later as a server error.
     */
    private static void refuseUnstorableJson(io.javalin.http.Context ctx) {
        if (!ctx.path().startsWith("/api/") || ctx.req().getContentLengthLong() == 0) {
            return;
        }
        String method = ctx.method().name();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return;
        }
        String body = ctx.body();
        if (body.strip().equals("null")) {
            throw ApiException.invalid("The request body must be a JSON object, not null.");
        }
        if (body.indexOf('\u0000') >= 0 || body.contains("\\u0000")) {
            throw ApiException.invalid("Text must not contain the NUL character (\\u0000).");
        }
    }
}
