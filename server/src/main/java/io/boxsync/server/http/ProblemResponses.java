package io.boxsync.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every error answer an RFC 9457 problem document: handler exceptions, Javalin's own HTTP errors,
 * unknown routes and malformed JSON. Unexpected exceptions are logged with a reference the client sees; the
 * client never sees a stack trace.
 */
public final class ProblemResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);

    private final ObjectMapper mapper;

    public ProblemResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Registers the exception and error handlers. */
    public void register(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> send(ctx, e.problem()));
        routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, fromHttpResponse(e)));
        routes.exception(JacksonException.class, (e, ctx) -> send(ctx, fromJson(e)));
        routes.exception(Exception.class, (e, ctx) -> {
            Throwable cause = e.getCause();
            if (cause instanceof JacksonException json) {
                send(ctx, fromJson(json));
                return;
            }
            if (causedBy(e, java.sql.SQLTransientConnectionException.class)) {
                // The connection pool stayed exhausted for its whole wait: the server is overloaded, not broken.
                ctx.header("Retry-After", "1");
                send(ctx, Problem.ofKind("busy", 503, "Service Unavailable",
                        "Boxsync is busy: no database connection became free in time. Try again shortly."));
                return;
            }
            if (databaseConnectionLost(e)) {
                // PostgreSQL restarted or unreachable under the request: the pool reconnects by itself.
                ctx.header("Retry-After", "2");
                send(ctx, Problem.ofKind("database-unavailable", 503, "Service Unavailable",
                        "Boxsync lost its database connection (the database is restarting or unreachable). "
                                + "Try again shortly."));
                return;
            }
            String reference = UUID.randomUUID().toString();
            LOG.error("Unexpected error on {} {} (reference {})", ctx.method(), ctx.path(), reference, e);
            send(ctx, Problem.of(500, "Internal Server Error",
                    "An unexpected error occurred; it has been logged with reference " + reference + "."));
        });
        routes.error(404, "*", ctx -> {
            if (!isProblem(ctx)) {
                send(ctx, Problem.of(404, "Not Found", "There is no resource at " + ctx.path() + "."));
            }
        });
        routes.error(405, "*", ctx -> {
            if (!isProblem(ctx)) {
                send(ctx, Problem.of(405, "Method Not Allowed", ctx.method() + " is not allowed on " + ctx.path() + "."));
            }
        });
    }

    /** Writes the problem as the response, replacing whatever was there. */
    public void send(Context ctx, Problem problem) {
        try {
            ctx.status(problem.status())
                    .contentType(Problem.MEDIA_TYPE)
                    .result(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem document must always serialize", e);
        }
    }

    /** SQLSTATE class 08 (connection exception) or 57P01-57P03 (server shutting down, crashed, not yet up). */
    private static boolean databaseConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(Problem.MEDIA_TYPE);
    }

    private static Problem fromHttpResponse(HttpResponseException e) {
        int status = e.getStatus();
        String title = titleOf(status);
        String detail = switch (status) {
            case 404 -> e.getMessage() == null || e.getMessage().equals("Not Found")
                    ? "There is no such resource." : e.getMessage();
            case 413 -> "The request body is larger than this server accepts.";
            default -> e.getMessage() == null || e.getMessage().isBlank() ? title : e.getMessage();
        };
        return Problem.of(status, title, detail);
    }

    private static Problem fromJson(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ApiException.invalid("The request has a property this resource does not know.",
                    new Problem.FieldError(path(unknown), "unknown property; known: "
                            + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")))).problem();
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            JsonMappingException mapping = (JsonMappingException) e;
            String field = path(mapping);
            if (!field.isEmpty()) {
                return ApiException.invalid("A property has the wrong type or format.",
                        new Problem.FieldError(field, "wrong type or format")).problem();
            }
            return ApiException.invalid("The request body does not have the expected JSON shape.").problem();
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return Problem.ofKind("malformed-json", 400, "Malformed JSON",
                "The request body is not valid JSON" + where + ".");
    }

    private static String path(JsonMappingException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        return refs.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String titleOf(int status) {
        HttpStatus known = HttpStatus.forStatus(status);
        return known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
    }
}
