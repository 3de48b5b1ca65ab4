package io.boxsync.server.api;

import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.ProblemResponses;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The OpenAPI 3 document of the API ({@code /openapi.json}) and its Swagger UI rendering ({@code /api-docs}),
 * served from the swagger-ui WebJar. Public: the shape of the API is no secret, its data is.
 */
public final class OpenApiRoutes implements HttpApi.RouteModule {
    private static final String DOCUMENT = "/api/openapi.json";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css",
            "png", "image/png", "html", "text/html", "map", "application/json");

    private final String swaggerRoot = "/META-INF/resources/webjars/swagger-ui/" + swaggerVersion() + "/";

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(resource(DOCUMENT)));
        routes.get("/api-docs", ctx -> ctx.contentType("text/html").result("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Boxsync API</title>
                <link rel="stylesheet" href="/api-docs/swagger-ui.css"></head>
                <body><div id="swagger-ui"></div><script src="/api-docs/swagger-ui-bundle.js"></script>
                <script src="/api-docs/boxsync-init.js"></script></body></html>"""));
        routes.get("/api-docs/boxsync-init.js", ctx -> ctx.contentType("text/javascript")
                .result("window.ui = SwaggerUIBundle({url: '/openapi.json', dom_id: '#swagger-ui'});"));
        routes.get("/api-docs/{file}", this::swaggerFile);
    }

    private void swaggerFile(Context ctx) {
        String file = ctx.pathParam("file");
        if (!file.matches("[A-Za-z0-9_.-]+") || file.startsWith(".")) {
            ctx.status(404);
            return;
        }
        String ext = file.substring(file.lastIndexOf('.') + 1);
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(swaggerRoot + file)) {
            if (in == null) {
                ctx.status(404);
                return;
            }
            ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream")).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String path) {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + path + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String swaggerVersion() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream(
                "/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
