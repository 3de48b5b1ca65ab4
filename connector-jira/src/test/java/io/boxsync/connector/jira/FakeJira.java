package io.boxsync.connector.jira;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A scripted Jira over real HTTP (JDK HttpServer): routes by "METHOD /path", records every request. */
final class FakeJira implements AutoCloseable {

    record Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, String body) {
        /** A field of the JSON body, as text ("" when absent; arrays joined with commas). */
        String field(String name) {
            com.fasterxml.jackson.databind.JsonNode node = Fixtures.parse(body.isEmpty() ? "{}" : body).path(name);
            if (node.isArray()) {
                List<String> values = new ArrayList<>();
                node.forEach(v -> values.add(v.asText()));
                return String.join(",", values);
            }
            return node.isMissingNode() || node.isNull() ? "" : node.asText();
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    record Response(int status, String body, Map<String, String> headers) {
        static Response json(String body) {
            return new Response(200, body, Map.of());
        }

        static Response status(int status, String body) {
            return new Response(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeJira() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    FakeJira on(String methodAndPath, Function<Request, Response> handler) {
        routes.put(methodAndPath, handler);
        return this;
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests(String methodAndPath) {
        synchronized (requests) {
            return requests.stream().filter(r -> (r.method() + " " + r.path()).equals(methodAndPath)).toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), query,
                Map.copyOf(exchange.getRequestHeaders()), body);
        requests.add(request);
        Function<Request, Response> handler = routes.get(request.method() + " " + request.path());
        Response response = handler == null
                ? Response.status(404, "{\"errorMessages\":[\"no route " + request.path() + "\"],\"errors\":{}}")
                : handler.apply(request);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
