package io.boxsync.server.auth;

import io.boxsync.core.domain.User;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.HttpApi;
import io.boxsync.server.http.Problem;
import io.boxsync.server.http.ProblemResponses;
import io.boxsync.storage.auth.AuthStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Authentication for everything under {@code /api}, and the session, user and token resources.
 *
 * <ul>
 *   <li>{@code POST /api/session} signs in; {@code GET} shows the caller; {@code DELETE} signs out.</li>
 *   <li>{@code GET /api/users/me}; {@code GET, POST /api/users} (admin).</li>
 *   <li>{@code GET, POST /api/tokens}; {@code DELETE /api/tokens/{id}}.</li>
 * </ul>
 * Unsafe requests authenticated by the session cookie must carry the session's CSRF token in {@code X-CSRF-Token}.
 */
public final class AuthRoutes implements HttpApi.RouteModule {
    static final String SESSION_COOKIE = "boxsync_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._@-]{0,63}");
    private static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 1024;

    private final AuthService auth;

    public AuthRoutes(AuthService auth) {
        this.auth = Objects.requireNonNull(auth, "auth");
    }

    record LoginRequest(String login, String password) {
        @Override
        public String toString() {
            return "LoginRequest[login=" + login + "]";
        }
    }

    record NewUserRequest(String login, String displayName, String password, Boolean admin) {
        @Override
        public String toString() {
            return "NewUserRequest[login=" + login + "]";
        }
    }

    record NewTokenRequest(String name) {
    }

    @Override
    public void register(RoutesConfig routes, ProblemResponses problems) {
        routes.before("/api/*", this::authenticate);
        routes.post("/api/session", this::login);
        routes.get("/api/session", ctx -> ctx.json(sessionView(Authentication.principal(ctx))));
        routes.delete("/api/session", this::logout);
        routes.get("/api/users/me", ctx -> ctx.json(userView(Authentication.principal(ctx).user())));
        routes.get("/api/users", ctx -> {
            Authentication.requireAdmin(ctx);
            ctx.json(auth.users().stream().map(AuthRoutes::userView).toList());
        });
        routes.post("/api/users", this::createUser);
        routes.get("/api/tokens", ctx -> ctx.json(
                auth.tokens(Authentication.principal(ctx).user()).stream().map(AuthRoutes::tokenView).toList()));
        routes.post("/api/tokens", this::createToken);
        routes.delete("/api/tokens/{id}", this::revokeToken);
    }

    private void authenticate(Context ctx) {
        if (ctx.method() == HandlerType.POST && ctx.path().equals("/api/session")) {
            return;
        }
        Optional<Principal> principal = Optional.empty();
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
                throw ApiException.unauthenticated("Send an API token as 'Authorization: Bearer <token>'.");
            }
            principal = auth.byToken(authorization.substring(7).strip());
            if (principal.isEmpty()) {
                throw ApiException.unauthenticated("The API token is unknown, expired or revoked.");
            }
        } else {
            String session = ctx.cookie(SESSION_COOKIE);
            if (session != null && !session.isBlank()) {
                principal = auth.bySession(session);
            }
        }
        if (principal.isEmpty()) {
            if (ctx.method() == HandlerType.OPTIONS) {
                return;
            }
            throw ApiException.unauthenticated("Sign in, or send an API token as 'Authorization: Bearer <token>'.");
        }
        Principal caller = principal.get();
        if (caller.bySession() && !SAFE.contains(ctx.method())
                && !Tokens.sameSecret(ctx.header(CSRF_HEADER), caller.csrfToken().get())) {
            throw new ApiException(Problem.ofKind("csrf", 403, "CSRF token missing or wrong",
                    "Send the session's CSRF token (from GET /api/session) in the " + CSRF_HEADER + " header."));
        }
        ctx.attribute(Authentication.PRINCIPAL, caller);
    }

    private void login(Context ctx) {
        LoginRequest request = ctx.bodyAsClass(LoginRequest.class);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.login() == null || request.login().isBlank()) {
            errors.add(new Problem.FieldError("login", "required"));
        }
        if (request.password() == null || request.password().isEmpty()) {
            errors.add(new Problem.FieldError("password", "required"));
        } else if (request.password().length() > MAX_PASSWORD) {
            errors.add(new Problem.FieldError("password", "at most " + MAX_PASSWORD + " characters"));
        }
        failIfAny(errors);
        AuthService.NewSession session = auth.login(request.login().strip(), request.password().toCharArray())
                .orElseThrow(() -> ApiException.unauthenticated("The login or the password is wrong."));
        setSessionCookie(ctx, session.sessionId(), Duration.between(Instant.now(), session.expiresAt()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", userView(session.user()));
        body.put("csrfToken", session.csrfToken());
        body.put("expiresAt", session.expiresAt().toString());
        ctx.json(body);
    }

    private void logout(Context ctx) {
        Authentication.principal(ctx);
        String session = ctx.cookie(SESSION_COOKIE);
        if (session != null) {
            auth.logout(session);
        }
        setSessionCookie(ctx, "", Duration.ZERO);
        ctx.status(204);
    }

    private void createUser(Context ctx) {
        Authentication.requireAdmin(ctx);
        NewUserRequest request = ctx.bodyAsClass(NewUserRequest.class);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.login() == null || !LOGIN.matcher(request.login()).matches()) {
            errors.add(new Problem.FieldError("login",
                    "1 to 64 characters: lowercase letters, digits, '.', '_', '@', '-', starting with a letter or digit"));
        }
        if (request.displayName() != null && request.displayName().length() > 200) {
            errors.add(new Problem.FieldError("displayName", "at most 200 characters"));
        }
        if (request.password() == null || request.password().length() < MIN_PASSWORD
                || request.password().length() > MAX_PASSWORD) {
            errors.add(new Problem.FieldError("password",
                    "from " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
        failIfAny(errors);
        try {
            User user = auth.createUser(request.login(), request.displayName(), request.password().toCharArray(),
                    Boolean.TRUE.equals(request.admin()));
            ctx.status(201).json(userView(user));
        } catch (UserAccounts.LoginTakenException e) {
            throw ApiException.conflict("The login '" + request.login() + "' is already taken.");
        }
    }

    private void createToken(Context ctx) {
        Principal caller = Authentication.principal(ctx);
        NewTokenRequest request = ctx.bodyAsClass(NewTokenRequest.class);
        if (request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            failIfAny(List.of(new Problem.FieldError("name", "required, at most 100 characters")));
        }
        AuthService.NewToken token = auth.createToken(caller.user(), request.name().strip());
        Map<String, Object> body = tokenView(token.stored());
        body.put("token", token.token());
        ctx.status(201).json(body);
    }

    private void revokeToken(Context ctx) {
        Principal caller = Authentication.principal(ctx);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("There is no API token " + ctx.pathParam("id") + ".");
        }
        if (!auth.revokeToken(caller.user(), id)) {
            throw ApiException.notFound("You have no API token " + id + ".");
        }
        ctx.status(204);
    }

    private static void failIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid("Some fields are missing or invalid.",
                    errors.toArray(Problem.FieldError[]::new));
        }
    }

    private static void setSessionCookie(Context ctx, String value, Duration maxAge) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", SESSION_COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds()
                + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
    }

    private static Map<String, Object> sessionView(Principal principal) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user", userView(principal.user()));
        principal.csrfToken().ifPresent(csrf -> body.put("csrfToken", csrf));
        return body;
    }

    static Map<String, Object> userView(User user) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", user.id().value());
        view.put("login", user.login());
        view.put("displayName", user.displayName());
        view.put("admin", user.admin());
        return view;
    }

    private static Map<String, Object> tokenView(AuthStore.ApiToken token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", token.id());
        view.put("name", token.name());
        view.put("createdAt", token.createdAt() == null ? null : token.createdAt().toString());
        view.put("lastUsedAt", token.lastUsedAt() == null ? null : token.lastUsedAt().toString());
        return view;
    }
}
