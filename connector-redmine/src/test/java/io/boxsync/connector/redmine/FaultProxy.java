package io.boxsync.connector.redmine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.boxsync.connector.contract.ToolFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP proxy in front of the real Redmine that can misbehave on demand (429 with Retry-After, 5xx,
 * dropped connections, latency), since a real Redmine cannot be told to. Everything else is passed through
 * unchanged, so the connector still sees Redmine's own answers.
 */
final class FaultProxy implements ToolFixture.Faults, AutoCloseable {
    private static final Set<String> PASSED_REQUEST_HEADERS = Set.of("x-redmine-api-key", "content-type", "accept");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger retryAfterSeconds = new AtomicInteger();
    private final AtomicInteger failing = new AtomicInteger();
    private final AtomicInteger failStatus = new AtomicInteger();
    private final AtomicInteger resetting = new AtomicInteger();
    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);

    FaultProxy(URI target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fault proxy", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Duration delay = latency.get();
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (take(resetting)) {
                // Closing without a status line drops the connection: the client gets no answer at all.
                return;
            }
            if (take(rateLimited)) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds.get()));
                answer(exchange, 429, "{\"errors\":[\"rate limited by the test proxy\"]}".getBytes());
                return;
            }
            if (take(failing)) {
                answer(exchange, failStatus.get(), "{\"errors\":[\"failure injected by the test proxy\"]}".getBytes());
                return;
            }
            forward(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(HttpExchange exchange) throws IOException, InterruptedException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (PASSED_REQUEST_HEADERS.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        response.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
        answer(exchange, response.statusCode(), response.body());
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean empty = body.length == 0 || status == 204;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    @Override
    public void rateLimitNext(int requests, int retryAfter) {
        retryAfterSeconds.set(retryAfter);
        rateLimited.set(requests);
    }

    @Override
    public void failNext(int requests, int status) {
        failStatus.set(status);
        failing.set(requests);
    }

    @Override
    public void resetNext(int requests) {
        resetting.set(requests);
    }

    @Override
    public void latency(Duration perRequest) {
        latency.set(perRequest);
    }

    @Override
    public void clear() {
        rateLimited.set(0);
        failing.set(0);
        resetting.set(0);
        latency.set(Duration.ZERO);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

}
