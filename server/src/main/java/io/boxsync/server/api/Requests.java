package io.boxsync.server.api;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.core.domain.BoxScope;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.server.http.ApiException;
import io.boxsync.server.http.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The request bodies of the API, and their validation into domain values with field-level problems. */
public final class Requests {
    static final int MAX_NAME = 200;

    private Requests() {
    }

    public record AccountRequest(String accountId, String login, String token) {
        RemoteAccount toAccount() {
            return new RemoteAccount(required(accountId, "accountId", 200), login == null ? "" : login.strip(),
                    Secret.of(required(token, "token", 4000)));
        }
    }

    public record FieldMappingRequest(String startField, String endField, Boolean endFromEstimate,
                                      String storyPointsField, Map<String, String> dependencyTypes,
                                      String iterationKind) {
        FieldMapping toMapping(ConnectionKind kind) {
            IterationRef.Kind iteration = iterationKind == null ? defaultIterationKind(kind)
                    : Params.enumValue(IterationRef.Kind.class, iterationKind, "fieldMapping.iterationKind");
            Map<String, String> deps = dependencyTypes == null ? Map.of("Blocks", "FS") : dependencyTypes;
            deps.forEach((type, dep) -> {
                if (!List.of("FS", "SS", "FF", "SF").contains(dep)) {
                    throw ApiException.invalid("Dependency types map a link type to FS, SS, FF or SF.",
                            new Problem.FieldError("fieldMapping.dependencyTypes." + type, "unknown value '" + dep + "'"));
                }
            });
            return new FieldMapping(startField, endField, Boolean.TRUE.equals(endFromEstimate), storyPointsField, deps,
                    iteration);
        }

        static FieldMapping defaults(ConnectionKind kind) {
            return new FieldMappingRequest(null, null, null, null, null, null).toMapping(kind);
        }

        private static IterationRef.Kind defaultIterationKind(ConnectionKind kind) {
            return switch (kind) {
                case JIRA_CLOUD, JIRA_DC -> IterationRef.Kind.SPRINT;
                case TRELLO -> IterationRef.Kind.LIST;
                case REDMINE -> IterationRef.Kind.VERSION;
            };
        }
    }

    public record ConnectionRequest(String name, String kind, String baseUrl, AccountRequest technicalUser,
                                    String webhookSecret, FieldMappingRequest fieldMapping) {
        ConnectionKind kindValue() {
            return Params.enumValue(ConnectionKind.class, kind, "kind");
        }

        URI baseUri() {
            String raw = required(baseUrl, "baseUrl", 2000);
            try {
                URI uri = new URI(raw);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    throw new URISyntaxException(raw, "not an http(s) URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw ApiException.invalid("'baseUrl' must be an http or https URL.",
                        new Problem.FieldError("baseUrl", "not an http(s) URL"));
            }
        }

        RemoteAccount technicalAccount() {
            if (technicalUser == null) {
                throw ApiException.invalid("'technicalUser' is required.", new Problem.FieldError("technicalUser", "required"));
            }
            return technicalUser.toAccount();
        }

        Secret secret() {
            return webhookSecret == null || webhookSecret.isBlank() ? null : Secret.of(webhookSecret);
        }

        FieldMapping mapping(ConnectionKind kind) {
            return fieldMapping == null ? FieldMappingRequest.defaults(kind) : fieldMapping.toMapping(kind);
        }
    }

    public record UserRequest(String login, String displayName, String password, Boolean admin) {
    }

    public record SourceRequest(String kind, String value) {
    }

    public record ScopePartRequest(Long connectionId, List<SourceRequest> sources, String narrowing) {
    }

    public record ScopeRequest(String mode, List<ScopePartRequest> parts, String subFilter) {
        BoxScope toScope() {
            BoxScope.Mode m = Params.enumValue(BoxScope.Mode.class, mode, "scope.mode");
            return switch (m) {
                case NONE -> BoxScope.none();
                case SUB -> BoxScope.sub(subFilter == null ? "" : subFilter);
                case OWN -> {
                    if (parts == null || parts.isEmpty()) {
                        throw ApiException.invalid("An own scope names at least one connection and its sources.",
                                new Problem.FieldError("scope.parts", "required"));
                    }
                    List<BoxScope.Part> result = new ArrayList<>();
                    for (int i = 0; i < parts.size(); i++) {
                        ScopePartRequest part = parts.get(i);
                        String at = "scope.parts[" + i + "]";
                        if (part == null || part.connectionId() == null || part.connectionId() <= 0) {
                            throw ApiException.invalid("Each scope part names a connection.",
                                    new Problem.FieldError(at + ".connectionId", "required"));
                        }
                        if (part.sources() == null || part.sources().isEmpty()) {
                            throw ApiException.invalid("Each scope part names at least one source.",
                                    new Problem.FieldError(at + ".sources", "required"));
                        }
                        List<ScopeQuery.Source> sources = new ArrayList<>();
                        for (int j = 0; j < part.sources().size(); j++) {
                            SourceRequest s = part.sources().get(j);
                            String sat = at + ".sources[" + j + "]";
                            if (s == null) {
                                throw ApiException.invalid("A source must not be null.", new Problem.FieldError(sat, "required"));
                            }
                            sources.add(new ScopeQuery.Source(
                                    Params.enumValue(ScopeQuery.SourceKind.class, s.kind(), sat + ".kind"),
                                    required(s.value(), sat + ".value", 2000)));
                        }
                        result.add(new BoxScope.Part(ConnectionId.of(part.connectionId()),
                                new ScopeQuery(sources, part.narrowing())));
                    }
                    yield BoxScope.own(result);
                }
            };
        }
    }

    public record BuilderRequest(String kind, String linkType) {
        WbsBuilder toBuilder(int index) {
            WbsBuilder.Kind k = Params.enumValue(WbsBuilder.Kind.class, kind, "builders[" + index + "].kind");
            if (k == WbsBuilder.Kind.LINK && (linkType == null || linkType.isBlank())) {
                throw ApiException.invalid("A LINK builder names its link type.",
                        new Problem.FieldError("builders[" + index + "].linkType", "required"));
            }
            return new WbsBuilder(k, linkType);
        }
    }

    public record MemberRequest(Long userId, String role) {
    }

    public record BoxRequest(String name, String kind, Long parentId, String status, ScopeRequest scope,
                             Long scopeOwnerId, List<BuilderRequest> builders, String defaultTaskMode,
                             List<MemberRequest> members) {
        List<WbsBuilder> builderList() {
            List<WbsBuilder> result = new ArrayList<>();
            List<BuilderRequest> given = builders == null ? List.of() : builders;
            for (int i = 0; i < given.size(); i++) {
                if (given.get(i) == null) {
                    throw ApiException.invalid("A builder must not be null.", new Problem.FieldError("builders[" + i + "]", "required"));
                }
                result.add(given.get(i).toBuilder(i));
            }
            if (new java.util.HashSet<>(result).size() < result.size()) {
                throw ApiException.invalid("Each builder may appear once.", new Problem.FieldError("builders", "duplicate"));
            }
            return result;
        }
    }

    public record RoleRequest(String role) {
    }

    public record OpenRequest(String module) {
    }

    public record ResyncRequest(Boolean continueWithoutReindex) {
    }

    public record DatesRequest(java.time.LocalDate start, java.time.LocalDate end) {
    }

    public record CadenceRequest(String kind, String id, String name) {
    }

    public record ModeRequest(String mode) {
    }

    public record DependencyRequest(Long from, Long to, String type) {
    }

    public record TokenRequest(String name) {
    }

    /** A required, trimmed, length-checked string field. */
    static String required(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("'" + field + "' is required.", new Problem.FieldError(field, "required"));
        }
        String v = value.strip();
        if (v.length() > max) {
            throw ApiException.invalid("'" + field + "' is longer than " + max + " characters.",
                    new Problem.FieldError(field, "too long"));
        }
        return v;
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ApiException.invalid("The request needs a JSON body.");
        }
        return Objects.requireNonNull(body);
    }
}
