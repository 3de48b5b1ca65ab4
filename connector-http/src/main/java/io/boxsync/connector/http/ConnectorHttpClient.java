package io.boxsync.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.ConnectorException.Kind;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound HTTP client of one connection, on {@link HttpClient} and Jackson.
 *
 * <p><b>Threads.</b> Thread-safe; share one per connection. Calls block the caller.
 *
 * <p><b>Retries.</b> An attempt is classified by {@link ResponseClassifier}; a retryable one is repeated up to
 * {@link RetryPolicy#maxRetries()} times, waiting what the tool asked in {@code Retry-After} (up to
 * {@link RetryPolicy#maxRetryAfter()}) or an exponential backoff with full jitter. A request that may have reached
 * the tool is repeated only when it is {@linkplain RemoteRequest#isIdempotent() idempotent}.
 *
 * <p><b>Errors.</b> Every failure is a {@link ConnectorException}; its message names method and path, never the
 * query string or a credential.
 */
public final class ConnectorHttpClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorHttpClient.class);

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String connection;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final RateLimiter rateLimiter;
    private final RemoteCallListener listener;
    private final Sleeper sleeper;
    private final Clock clock;
    private final DoubleSupplier random;

    private ConnectorHttpClient(Builder b) {
        this.connection = b.connection;
        this.timeout = b.timeout;
        this.retryPolicy = b.retryPolicy;
        this.rateLimiter = b.rateLimiter;
        this.listener = b.listener;
        this.sleeper = b.sleeper;
        this.clock = b.clock;
        this.random = b.random;
        this.mapper = b.mapper != null ? b.mapper : defaultMapper();
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A Jackson mapper that tolerates unknown properties and knows java.time. */
    public static ObjectMapper defaultMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The mapper used for bodies. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Sends the request, retrying what is retryable.
     *
     * @return the 2xx answer
     * @throws ConnectorException when the tool refused, or no retry succeeded
     */
    public RemoteResponse send(RemoteRequest request) {
        Objects.requireNonNull(request, "request");
        HttpRequest httpRequest = toHttpRequest(request);
        int attempt = 0;
        while (true) {
            attempt++;
            Attempt outcome = attemptOnce(request, httpRequest, attempt);
            if (outcome.response != null) {
                return outcome.response;
            }
            ConnectorException failure = outcome.failure;
            int retry = attempt;
            Duration wait = outcome.verdict.retryAfter()
                    .orElseGet(() -> retryPolicy.backoff(retry, random.getAsDouble()));
            boolean askedTooLong = outcome.verdict.retryAfter()
                    .map(after -> after.compareTo(retryPolicy.maxRetryAfter()) > 0).orElse(false);
            if (!outcome.verdict.retryHere() || attempt > retryPolicy.maxRetries() || askedTooLong) {
                throw failure;
            }
            LOG.debug("{} {} failed ({}), retry {} of {} in {} ms", connection, request.describe(), failure.getMessage(),
                    attempt, retryPolicy.maxRetries(), wait.toMillis());
            pause(wait, request);
        }
    }

    /**
     * Sends the request and reads the answer as JSON.
     *
     * @throws ConnectorException of kind {@link Kind#INVALID_RESPONSE} when the answer is not JSON
     */
    public JsonNode sendForJson(RemoteRequest request) {
        RemoteResponse response = send(request);
        try {
            return response.json(mapper);
        } catch (ConnectorException e) {
            throw new ConnectorException(e.kind(), request.describe() + ": " + e.getMessage(), e.status(), null, e);
        }
    }

    private record Attempt(RemoteResponse response, ConnectorException failure, ResponseClassifier.Verdict verdict) {
    }

    private Attempt attemptOnce(RemoteRequest request, HttpRequest httpRequest, int attempt) {
        if (rateLimiter != null) {
            try {
                rateLimiter.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(request, e);
            }
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException noAnswer) {
            ResponseClassifier.Verdict verdict =
                    ResponseClassifier.classify(request.isIdempotent(), 0, Optional.empty(), false, noAnswer);
            report(request, 0, verdict, attempt, started);
            String what = noAnswer instanceof java.net.http.HttpTimeoutException ? "timed out" : "got no answer";
            ConnectorException failure = new ConnectorException(verdict.failure().orElseThrow(),
                    request.describe() + " " + what + " (" + noAnswer.getClass().getSimpleName() + ")", 0, null, noAnswer);
            return new Attempt(null, failure, verdict);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request, e);
        }
        int status = answer.statusCode();
        Optional<Duration> retryAfter = RetryAfter.parse(
                answer.headers().firstValue("Retry-After").orElse(null), clock.instant());
        boolean authDenied = answer.headers().firstValue("X-Authentication-Denied-Reason").isPresent();
        ResponseClassifier.Verdict verdict =
                ResponseClassifier.classify(request.isIdempotent(), status, retryAfter, authDenied, null);
        report(request, status, verdict, attempt, started);
        if (verdict.isSuccess()) {
            return new Attempt(new RemoteResponse(status, answer.headers().map(), answer.body()), null, verdict);
        }
        String body = new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8);
        ConnectorException failure = new ConnectorException(verdict.failure().orElseThrow(),
                request.describe() + " answered " + status + ": " + ErrorBodies.summary(body), status,
                retryAfter.orElse(null), null);
        return new Attempt(null, failure, verdict);
    }

    private void report(RemoteRequest request, int status, ResponseClassifier.Verdict verdict, int attempt, long started) {
        String outcome = verdict.failure().map(k -> k.name().toLowerCase(Locale.ROOT)).orElse("success");
        try {
            listener.onCall(new RemoteCallListener.RemoteCall(connection, request.operation(), request.method(), status,
                    outcome, attempt, Duration.ofNanos(System.nanoTime() - started)));
        } catch (RuntimeException e) {
            LOG.warn("remote call listener failed", e);
        }
    }

    private void pause(Duration wait, RemoteRequest request) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(request, e);
        }
    }

    private static ConnectorException interrupted(RemoteRequest request, InterruptedException e) {
        return new ConnectorException(Kind.TRANSIENT, request.describe() + " was interrupted", 0, null, e);
    }

    private HttpRequest toHttpRequest(RemoteRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout().orElse(timeout))
                .header("Accept", "application/json");
        request.headers().forEach(builder::header);
        request.authentication().ifPresent(a -> builder.header(a.headerName(), a.headerValue()));
        Optional<Object> body = request.jsonBody();
        if (body.isPresent()) {
            try {
                byte[] bytes = body.get() instanceof byte[] raw ? raw : mapper.writeValueAsBytes(body.get());
                builder.header("Content-Type", "application/json");
                builder.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(bytes));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the body of " + request.describe() + " cannot be written as JSON", e);
            }
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end when it is unreachable.
    }

    /** Builds a {@link ConnectorHttpClient}; every setting has a default. */
    public static final class Builder {
        private String connection = "connector";
        private Duration timeout = Duration.ofSeconds(30);
        private RetryPolicy retryPolicy = RetryPolicy.standard(3);
        private RateLimiter rateLimiter;
        private RemoteCallListener listener = RemoteCallListener.none();
        private Sleeper sleeper = Sleeper.system();
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private ObjectMapper mapper;

        private Builder() {
        }

        /** A label for metrics and logs, e.g. {@code jira_cloud}. */
        public Builder connection(String label) {
            this.connection = Objects.requireNonNull(label, "label");
            return this;
        }

        /** The connect timeout and the default timeout of one attempt. */
        public Builder timeout(Duration callTimeout) {
            this.timeout = Objects.requireNonNull(callTimeout, "callTimeout");
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** A rate limiter shared by all calls of this client; none by default. */
        public Builder rateLimiter(RateLimiter limiter) {
            this.rateLimiter = limiter;
            return this;
        }

        public Builder listener(RemoteCallListener callListener) {
            this.listener = Objects.requireNonNull(callListener, "callListener");
            return this;
        }

        public Builder sleeper(Sleeper waiter) {
            this.sleeper = Objects.requireNonNull(waiter, "waiter");
            return this;
        }

        public Builder clock(Clock wallClock) {
            this.clock = Objects.requireNonNull(wallClock, "wallClock");
            return this;
        }

        /** The source of jitter in [0, 1). */
        public Builder random(DoubleSupplier jitter) {
            this.random = Objects.requireNonNull(jitter, "jitter");
            return this;
        }

        public Builder mapper(ObjectMapper objectMapper) {
            this.mapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        public ConnectorHttpClient build() {
            return new ConnectorHttpClient(this);
        }
    }
}
