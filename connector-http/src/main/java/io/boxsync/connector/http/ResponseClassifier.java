package io.boxsync.connector.http;

import io.boxsync.connector.ConnectorException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides what an attempt's outcome means: success, a failure the caller must act on, and
 * whether repeating the same request right away is both useful and safe. Pure and thread-safe.
 */
public final class ResponseClassifier {

    /**
     * What to do after one attempt.
     *
     * @param failure     empty on success, else the kind of failure the caller must act on
     * @param retryHere   whether the client may repeat the request itself (useful and safe)
     * @param retryAfter  the wait the tool asked for, if it did
     */
    public record Verdict(Optional<Kind> failure, boolean retryHere, Optional<Duration> retryAfter) {
        public Verdict {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        static Verdict success() {
            return new Verdict(Optional.empty(), false, Optional.empty());
        }

        static Verdict fail(Kind kind) {
            return new Verdict(Optional.of(kind), false, Optional.empty());
        }

        static Verdict retry(Kind kind, boolean allowed, Optional<Duration> after) {
            return new Verdict(Optional.of(kind), allowed, after);
        }

        public boolean isSuccess() {
            return failure.isEmpty();
        }
    }

    private ResponseClassifier() {
    }

    /**
     * Classifies an attempt that got no answer (status 0, {@code noAnswer} set) or an answer with a status.
     *
     * @param idempotent whether repeating the request is harmless
     * @param status     the HTTP status; ignored when {@code noAnswer} is not null
     * @param retryAfter the parsed {@code Retry-After} of the answer
     * @param authDenied whether the answer carries a hint that the login itself was refused
     *                   (Jira's {@code X-Authentication-Denied-Reason}, e.g. a CAPTCHA after failed logins)
     * @param noAnswer   the I/O failure when there was no answer, else {@code null}
     */
    public static Verdict classify(boolean idempotent, int status, Optional<Duration> retryAfter, boolean authDenied,
                                   IOException noAnswer) {
        if (noAnswer != null) {
            if (noAnswer instanceof HttpConnectTimeoutException || noAnswer instanceof ConnectException) {
                // The connection was never established, so the tool cannot have seen the request: any method is safe.
                return Verdict.retry(Kind.TRANSIENT, true, Optional.empty());
            }
            if (noAnswer instanceof HttpTimeoutException) {
                // The tool may still be processing it: repeating a write could apply it twice.
                return Verdict.retry(Kind.TRANSIENT, idempotent, Optional.empty());
            }
            // Reset, EOF, TLS failure mid-call: the request may have arrived, so the same rule as a timeout.
            return Verdict.retry(Kind.TRANSIENT, idempotent, Optional.empty());
        }
        if (status >= 200 && status < 300) {
            return Verdict.success();
        }
        switch (status) {
            case 401:
                // The credentials are wrong or expired; repeating sends the same wrong credentials.
                return Verdict.fail(Kind.AUTH);
            case 403:
                // Jira answers 403 with X-Authentication-Denied-Reason when it wants a CAPTCHA: a login problem,
                // not a missing permission; otherwise the account is known but not allowed.
                return Verdict.fail(authDenied ? Kind.AUTH : Kind.PERMISSION);
            case 404:
                // Jira cannot tell "deleted" from "you may not see it"; both mean it does not exist for the caller.
                return Verdict.fail(Kind.NOT_FOUND);
            case 409:
            case 412:
                // The tool's state changed under us (edit conflict, failed precondition): re-read, then decide.
                return Verdict.fail(Kind.CONFLICT);
            case 422:
                // Understood but refused by the tool's rules for this issue now (Redmine validation): re-read.
                return Verdict.fail(Kind.CONFLICT);
            case 408:
                // The server gave up waiting for our request; it did not process it, but be safe with writes.
                return Verdict.retry(Kind.TRANSIENT, idempotent, retryAfter);
            case 429:
                // Rate limits are checked before the request is processed, so even a write is safe to repeat.
                return Verdict.retry(Kind.TRANSIENT, true, retryAfter);
            case 502:
            case 503:
            case 504:
                // A gateway or an overloaded node: usually heals quickly, but a write may have gone through.
                return Verdict.retry(Kind.TRANSIENT, idempotent, retryAfter);
            case 410:
                // The endpoint was removed (Jira Cloud's old /search): the connection needs a newer connector or URL.
                return Verdict.fail(Kind.CONFIGURATION);
            default:
                break;
        }
        if (status >= 500) {
            // A server error rarely heals within milliseconds; the caller's queue retries later.
            return Verdict.retry(Kind.TRANSIENT, false, retryAfter);
        }
        if (status >= 400) {
            // 400 and the rest: we sent something the tool rejects (unknown field, bad JQL): an admin must fix it.
            return Verdict.fail(Kind.CONFIGURATION);
        }
        if (status >= 300 && status < 400) {
            // Redirects are not followed, so credentials never travel to another host: the base URL must be the final one.
            return Verdict.fail(Kind.CONFIGURATION);
        }
        // 1xx where a final answer was expected: we cannot read it.
        return Verdict.fail(Kind.INVALID_RESPONSE);
    }
}
