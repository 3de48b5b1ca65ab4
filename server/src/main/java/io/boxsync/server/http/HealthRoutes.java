package io.boxsync.server.http;

import io.boxsync.server.BoxsyncVersion;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health}: 200 with status UP when the database answers, else 503 with status DOWN. */
public final class HealthRoutes {
    private final DatabaseStatus database;

    public HealthRoutes(DatabaseStatus database) {
        this.database = database;
    }

    public void register(RoutesConfig routes) {
        routes.get("/health", this::health);
    }

    private void health(Context ctx) {
        Map<String, Object> db = new LinkedHashMap<>();
        boolean reachable = database.isReachable();
        db.put("reachable", reachable);
        if (reachable) {
            try {
                db.put("version", database.serverVersion());
            } catch (RuntimeException e) {
                reachable = false;
                db.put("reachable", false);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reachable ? "UP" : "DOWN");
        body.put("version", BoxsyncVersion.current());
        body.put("database", db);
        ctx.header("Cache-Control", "no-store");
        ctx.status(reachable ? 200 : 503).json(body);
    }
}
