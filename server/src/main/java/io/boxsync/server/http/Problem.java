package io.boxsync.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the one shape of every 4xx and 5xx answer.
 *
 * @param type a URI reference naming the kind of problem; {@code about:blank} when the status says it all
 * @param title a short summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong in this request and what to do about it; never a stack trace or a secret
 * @param errors field-level errors of a validation problem, else empty
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = List.copyOf(errors);
    }

    /** A problem fully described by its status and a detail. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    /** A problem of a named kind, e.g. {@code invalid-request}; the type becomes {@code /problems/<kind>}. */
    public static Problem ofKind(String kind, int status, String title, String detail) {
        return new Problem("/problems/" + kind, title, status, detail, List.of());
    }

    /** The same problem with field-level errors. */
    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, fieldErrors);
    }

    /**
     * One invalid field of a request.
     *
     * @param field the JSON property path, e.g. {@code password}
     * @param message what is wrong and what is allowed
     */
    public record FieldError(String field, String message) {
    }
}
