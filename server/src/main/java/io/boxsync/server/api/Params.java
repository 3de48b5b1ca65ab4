package io.boxsync.server.api;

import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.DependencyId;
import io.boxsync.core.domain.SyncRunId;
import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.UserId;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.Problem;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.function.LongFunction;

/** Path and query parameters, validated into typed values with a 400/404 problem when they are not. */
public final class Params {
    private Params() {
    }

    public static BoxId box(Context ctx) {
        return id(ctx, "boxId", BoxId::of, "Box");
    }

    public static TaskId task(Context ctx) {
        return id(ctx, "taskId", TaskId::of, "task");
    }

    public static UserId user(Context ctx) {
        return id(ctx, "userId", UserId::of, "user");
    }

    public static ConnectionId connection(Context ctx) {
        return id(ctx, "connectionId", ConnectionId::of, "connection");
    }

    public static DependencyId dependency(Context ctx) {
        return id(ctx, "dependencyId", DependencyId::of, "dependency");
    }

    public static SyncRunId run(Context ctx) {
        return id(ctx, "runId", SyncRunId::of, "sync run");
    }

    /** An integer query parameter within bounds, or the default when absent. */
    public static int intQuery(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.invalid("Query parameter '" + name + "' must be a whole number from " + min + " to "
                    + max + ".", new Problem.FieldError(name, "not a whole number in range"));
        }
    }

    /** An enum value named by a request field, case-insensitive; 400 naming the allowed values otherwise. */
    public static <E extends Enum<E>> E enumValue(Class<E> type, String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.invalid("'" + field + "' is required.", new Problem.FieldError(field, "required"));
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("'" + field + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()) + ".",
                    new Problem.FieldError(field, "unknown value '" + raw + "'"));
        }
    }

    private static <T> T id(Context ctx, String name, LongFunction<T> make, String what) {
        String raw = ctx.pathParam(name);
        try {
            long value = Long.parseLong(raw);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return make.apply(value);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("There is no " + what + " '" + raw + "'.");
        }
    }
}
