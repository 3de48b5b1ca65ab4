package io.boxsync.server.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per HTTP request: method, path, status, duration. Never the query string (it may carry tokens),
 * never headers or bodies.
 */
public final class RequestLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.boxsync.server.http.requests");

    private RequestLog() {
    }

    public static void log(Context ctx, float millis) {
        LOG.info("{} {} {} {}ms", ctx.method().name(), ctx.path(), ctx.statusCode(), Math.round(millis));
    }

    /** The matched route template (e.g. {@code /api/users/{id}}), or {@code UNMATCHED}. */
    static String routeOf(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoint();
            return endpoint == null ? "UNMATCHED" : endpoint.path;
        } catch (RuntimeException e) {
            return "UNMATCHED";
        }
    }
}
