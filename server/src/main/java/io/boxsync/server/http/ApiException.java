package io.boxsync.server.http;

import java.util.List;
import java.util.Objects;

/**
 * Thrown by a handler to answer with a {@link Problem}; the request stops there. Use the factories, which name
 * what the client must do.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ApiException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }

    /** 400: the request body or a parameter is invalid; fix the named fields. */
    public static ApiException invalid(String detail, Problem.FieldError... errors) {
        return new ApiException(Problem.ofKind("invalid-request", 400, "Invalid request", detail)
                .withErrors(List.of(errors)));
    }

    /** 401: sign in, or send a valid API token. */
    public static ApiException unauthenticated(String detail) {
        return new ApiException(Problem.ofKind("unauthenticated", 401, "Authentication required", detail));
    }

    /** 403: the caller is known but may not do this. */
    public static ApiException forbidden(String detail) {
        return new ApiException(Problem.ofKind("forbidden", 403, "Forbidden", detail));
    }

    /** 404: the named resource does not exist (or is not visible to the caller). */
    public static ApiException notFound(String detail) {
        return new ApiException(Problem.of(404, "Not Found", detail));
    }

    /** 409: the request conflicts with the current state, e.g. a login already taken. */
    public static ApiException conflict(String detail) {
        return new ApiException(Problem.ofKind("conflict", 409, "Conflict", detail));
    }
}
