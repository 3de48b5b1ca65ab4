package io.boxsync.simulator.jira;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import io.boxsync.simulator.jira.JiraSimulator.Flavour;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The Jira REST API (v2/v3 platform, Agile 1.0, webhooks 1.0) over the store, as one flavour serves it. */
final class JiraApi {
    static final String ACCOUNT = "boxsync.account";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final int CLOUD_MAX_WITH_FIELDS = 100;
    private static final int CLOUD_MAX_IDS_ONLY = 5000;
    private static final int DC_MAX_RESULTS = 1000;
    private static final int DEFAULT_PAGE = 50;
    private static final Map<String, Permission> PERMISSION_KEYS = Map.of(
            "BROWSE_PROJECTS", Permission.BROWSE, "BROWSE", Permission.BROWSE,
            "EDIT_ISSUES", Permission.EDIT, "SCHEDULE_ISSUES", Permission.SCHEDULE,
            "LINK_ISSUES", Permission.LINK, "TRANSITION_ISSUES", Permission.TRANSITION,
            "CREATE_ISSUES", Permission.EDIT, "DELETE_ISSUES", Permission.EDIT);
    private static final Map<String, String[]> PERMISSION_INFO = Map.of(
            "BROWSE_PROJECTS", new String[] {"10", "Browse Projects"},
            "EDIT_ISSUES", new String[] {"12", "Edit Issues"},
            "SCHEDULE_ISSUES", new String[] {"28", "Schedule Issues"},
            "LINK_ISSUES", new String[] {"21", "Link Issues"},
            "TRANSITION_ISSUES", new String[] {"46", "Transition Issues"},
            "CREATE_ISSUES", new String[] {"11", "Create Issues"},
            "DELETE_ISSUES", new String[] {"16", "Delete Issues"});
    private static final Map<String, String> TRANSITIONS = Map.of("11", "To Do", "21", "In Progress", "31", "Done");

    private final JiraSimulator sim;
    private final JiraStore store;
    private final Flavour flavour;
    private final SearchCache searchCache = new SearchCache();

    JiraApi(JiraSimulator sim, JiraStore store) {
        this.sim = sim;
        this.store = store;
        this.flavour = sim.flavour();
    }

    private boolean cloud() {
        return flavour == Flavour.CLOUD;
    }

    // ---- authentication ----

    /** Before-handler body for /rest/**: the account from Basic (Cloud) or Bearer (DC) credentials, else 401. */
    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        SimAccount account = null;
        if (header != null && cloud() && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                SimAccount byToken = store.accountByToken(decoded.substring(colon + 1));
                if (byToken != null && byToken.email().equalsIgnoreCase(decoded.substring(0, colon))) {
                    account = byToken;
                }
            }
        } else if (header != null && !cloud() && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            account = store.accountByToken(header.substring(7).trim());
        }
        if (account == null) {
            throw JiraError.unauthorized();
        }
        ctx.attribute(ACCOUNT, account);
    }

    private static SimAccount account(Context ctx) {
        return ctx.attribute(ACCOUNT);
    }

    private JiraJson.View view(Context ctx, int api) {
        return new JiraJson.View(store, cloud(), api, sim.baseUrl().toString(), account(ctx));
    }

    // ---- routes ----

    void register(RoutesConfig routes) {
        for (int api : cloud() ? new int[] {2, 3} : new int[] {2}) {
            String base = "/rest/api/" + api;
            int v = api;
            if (cloud()) {
                routes.get(base + "/search/jql", ctx -> searchJql(ctx, v, queryParams(ctx)));
                routes.post(base + "/search/jql", ctx -> searchJql(ctx, v, body(ctx)));
                Handler gone = ctx -> {
                    throw new JiraError(410, List.of("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."
                            + " A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"), Map.of());
                };
                routes.get(base + "/search", gone);
                routes.post(base + "/search", gone);
                routes.post(base + "/permissions/check", ctx -> bulkPermissions(ctx));
                routes.post(base + "/search/approximate-count", ctx -> approximateCount(ctx));
                routes.post(base + "/issue/bulkfetch", ctx -> bulkFetch(ctx, v));
                routes.get(base + "/project/search", ctx -> projectSearch(ctx, v));
            } else {
                routes.get(base + "/search", ctx -> searchPaged(ctx, v, queryParams(ctx)));
                routes.post(base + "/search", ctx -> searchPaged(ctx, v, body(ctx)));
                routes.get(base + "/index/summary", this::indexSummary);
            }
            routes.get(base + "/issue/{key}", ctx -> getIssue(ctx, v));
            routes.put(base + "/issue/{key}", ctx -> editIssue(ctx, v));
            routes.delete(base + "/issue/{key}", this::deleteIssue);
            routes.post(base + "/issue", ctx -> createIssue(ctx, v));
            routes.get(base + "/issue/{key}/changelog", ctx -> changelog(ctx, v));
            routes.get(base + "/issue/{key}/transitions", ctx -> transitions(ctx, v));
            routes.get(base + "/issue/{key}/editmeta", ctx -> editMeta(ctx));
            routes.post(base + "/issue/{key}/transitions", this::doTransition);
            routes.get(base + "/mypermissions", this::myPermissions);
            routes.post(base + "/issueLink", this::createLink);
            routes.get(base + "/issueLink/{id}", ctx -> getLink(ctx, v));
            routes.delete(base + "/issueLink/{id}", this::deleteLink);
            routes.get(base + "/issueLinkType", ctx -> linkTypes(ctx, v));
            routes.get(base + "/field", ctx -> fields(ctx));
            routes.get(base + "/project", ctx -> projects(ctx, v));
            routes.get(base + "/project/{key}", ctx -> project(ctx, v));
            routes.get(base + "/project/{key}/versions", ctx -> versions(ctx, v));
            routes.get(base + "/user", ctx -> user(ctx, v));
            routes.get(base + "/myself", ctx -> json(ctx, 200, g -> JiraJson.user(g, view(ctx, v), account(ctx))));
            routes.get(base + "/serverInfo", ctx -> serverInfo(ctx));
            routes.get(base + "/filter/{id}", ctx -> filter(ctx, v));
        }
        routes.get("/rest/agile/1.0/board", this::boards);
        routes.get("/rest/agile/1.0/board/{id}", this::board);
        routes.get("/rest/agile/1.0/board/{id}/sprint", this::boardSprints);
        routes.get("/rest/agile/1.0/board/{id}/configuration", this::boardConfiguration);
        routes.get("/rest/agile/1.0/sprint/{id}", this::sprint);
        routes.get("/rest/agile/1.0/sprint/{id}/issue", this::sprintIssues);
        routes.post("/rest/agile/1.0/sprint/{id}/issue", this::moveToSprint);
        routes.post("/rest/agile/1.0/backlog/issue", this::moveToBacklog);
        routes.post("/rest/webhooks/1.0/webhook", this::registerWebhook);
    }

    // ---- JSON helpers ----

    static void json(Context ctx, int status, JiraJson.Body body) {
        ctx.status(status);
        ctx.contentType("application/json;charset=UTF-8");
        ctx.result(JiraJson.bytes(body));
    }

    private void locked(Context ctx, int status, JiraJson.Body body) {
        byte[] bytes;
        synchronized (store) {
            bytes = JiraJson.bytes(body);
        }
        ctx.status(status);
        ctx.contentType("application/json;charset=UTF-8");
        ctx.result(bytes);
    }

    static Map<String, Object> body(Context ctx) {
        String text = ctx.body();
        if (text == null || text.isBlank()) {
            return new HashMap<>();
        }
        try {
            Map<String, Object> map = JiraJson.MAPPER.readValue(text, MAP);
            return map == null ? new HashMap<>() : map;
        } catch (IOException e) {
            throw JiraError.badRequest("Unexpected character in the request body; it is not valid JSON: " + e.getMessage());
        }
    }

    private static Map<String, Object> queryParams(Context ctx) {
        Map<String, Object> params = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> params.put(k, v.size() == 1 ? v.get(0) : String.join(",", v)));
        return params;
    }

    private static int intParam(Object value, int fallback, String name) {
        if (value == null || String.valueOf(value).isBlank()) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw JiraError.badRequest("The value '" + value + "' of the parameter '" + name + "' is not a valid number.");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return ((List<Object>) list).stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(value).split(","));
    }

    // ---- search ----

    private record SearchResult(List<SimIssue> issues, List<String> warnings) {
    }

    private List<SimIssue> runQuery(SimAccount viewer, String jql, boolean requireBounded) {
        return runQuery(viewer, jql, requireBounded, false).issues();
    }

    private SearchResult runQuery(SimAccount viewer, String jql, boolean requireBounded, boolean lenient) {
        synchronized (store) {
            String cacheKey = jql + "\u0000" + store.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + lenient;
            List<SimIssue> cached = searchCache.get(viewer, cacheKey, store.modCount);
            JqlEvaluator.Compiled compiled;
            try {
                compiled = JqlEvaluator.compile(jql, store, viewer, store.clock.instant(), lenient);
            } catch (JqlException e) {
                throw JiraError.badRequest(e.getMessage());
            }
            if (requireBounded && !compiled.bounded()) {
                throw JiraError.badRequest("Unbounded JQL queries are not allowed here. Please add a search restriction to your query.");
            }
            if (cached != null) {
                return new SearchResult(cached, compiled.warnings());
            }
            List<SimIssue> result = new ArrayList<>();
            Set<String> browsable = new java.util.HashSet<>(store.projectKeysBrowsableBy(viewer));
            for (SimIssue issue : store.issues.values()) {
                if (browsable.contains(issue.project.key) && compiled.filter().test(issue)) {
                    result.add(issue);
                }
            }
            result.sort(compiled.order());
            List<SimIssue> frozen = Collections.unmodifiableList(result);
            searchCache.put(viewer, cacheKey, store.modCount, frozen);
            return new SearchResult(frozen, compiled.warnings());
        }
    }

    private void searchJql(Context ctx, int api, Map<String, Object> params) {
        String jql = params.get("jql") == null ? "" : String.valueOf(params.get("jql"));
        FieldSelection fields = FieldSelection.parse(stringList(params.get("fields")), FieldSelection.NONE);
        int cap = fields.isEmpty() ? CLOUD_MAX_IDS_ONLY : CLOUD_MAX_WITH_FIELDS;
        int requested = intParam(params.get("maxResults"), DEFAULT_PAGE, "maxResults");
        if (requested < 0) {
            throw JiraError.badRequest("The maxResults parameter must be a non-negative number.");
        }
        // A page of 0 would hand out a token that never advances; Cloud pages at least one issue.
        int pageSize = Math.max(1, Math.min(requested, cap));
        int offset = decodeToken(params.get("nextPageToken"), jql);
        boolean changelog = stringList(params.get("expand")).contains("changelog");
        boolean names = stringList(params.get("expand")).contains("names");
        SimAccount viewer = account(ctx);
        List<SimIssue> all = runQuery(viewer, jql, true);
        int end = Math.min(all.size(), offset + pageSize);
        List<SimIssue> page = offset >= all.size() ? List.of() : all.subList(offset, end);
        boolean last = end >= all.size();
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("issues");
            for (SimIssue issue : page) {
                JiraJson.issue(g, view, issue, fields, changelog);
            }
            g.writeEndArray();
            if (!last) {
                g.writeStringField("nextPageToken", encodeToken(end, jql));
            }
            g.writeBooleanField("isLast", last);
            if (names) {
                JiraJson.names(g, fields);
            }
            g.writeEndObject();
        });
    }

    private void approximateCount(Context ctx) {
        Map<String, Object> body = body(ctx);
        String jql = body.get("jql") == null ? "" : String.valueOf(body.get("jql"));
        int count = runQuery(account(ctx), jql, true).size();
        json(ctx, 200, g -> {
            g.writeStartObject();
            g.writeNumberField("count", count);
            g.writeEndObject();
        });
    }

    /** Cloud's {@code POST /issue/bulkfetch}: up to 100 ids or keys; unknown or hidden ones are listed in issueErrors. */
    private void bulkFetch(Context ctx, int api) {
        Map<String, Object> body = body(ctx);
        List<String> refs = stringList(body.get("issueIdsOrKeys"));
        if (refs.isEmpty() || refs.size() > 100) {
            throw JiraError.badRequest("issueIdsOrKeys must contain between 1 and 100 issue ids or keys.");
        }
        FieldSelection fields = FieldSelection.parse(stringList(body.get("fields")), FieldSelection.ALL);
        boolean changelog = stringList(body.get("expand")).contains("changelog");
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> {
            List<String> missing = new ArrayList<>();
            g.writeStartObject();
            g.writeArrayFieldStart("issues");
            for (String ref : refs) {
                SimIssue issue = store.issueByKeyOrId(ref);
                if (issue == null || !store.canBrowse(account(ctx), issue)) {
                    missing.add(ref);
                } else {
                    JiraJson.issue(g, view, issue, fields, changelog);
                }
            }
            g.writeEndArray();
            g.writeArrayFieldStart("issueErrors");
            for (String ref : missing) {
                g.writeString(ref);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static String encodeToken(int offset, String jql) {
        String raw = offset + ":" + Integer.toHexString(jql.hashCode());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(Object token, String jql) {
        if (token == null || String.valueOf(token).isEmpty()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(String.valueOf(token)), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon > 0 && raw.substring(colon + 1).equals(Integer.toHexString(jql.hashCode()))) {
                return Integer.parseInt(raw.substring(0, colon));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw JiraError.badRequest("The provided next page token is invalid or expired.");
    }

    private void searchPaged(Context ctx, int api, Map<String, Object> params) {
        String jql = params.get("jql") == null ? "" : String.valueOf(params.get("jql"));
        FieldSelection fields = FieldSelection.parse(stringList(params.get("fields")), FieldSelection.ALL);
        int startAt = intParam(params.get("startAt"), 0, "startAt");
        int requested = intParam(params.get("maxResults"), DEFAULT_PAGE, "maxResults");
        if (startAt < 0) {
            throw JiraError.badRequest("The value of startAt must not be negative.");
        }
        int pageSize = requested < 0 ? DEFAULT_PAGE : Math.min(requested, DC_MAX_RESULTS);
        boolean changelog = stringList(params.get("expand")).contains("changelog");
        boolean names = stringList(params.get("expand")).contains("names");
        Object validate = params.get("validateQuery");
        boolean lenient = validate != null && List.of("warn", "none", "false").contains(String.valueOf(validate).toLowerCase(Locale.ROOT));
        SearchResult result = runQuery(account(ctx), jql, false, lenient);
        List<SimIssue> all = result.issues();
        boolean warn = validate != null && !"none".equalsIgnoreCase(String.valueOf(validate));
        int end = Math.min(all.size(), startAt + pageSize);
        List<SimIssue> page = startAt >= all.size() ? List.of() : all.subList(startAt, end);
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> {
            g.writeStartObject();
            g.writeStringField("expand", "schema,names");
            g.writeNumberField("startAt", startAt);
            g.writeNumberField("maxResults", pageSize);
            g.writeNumberField("total", all.size());
            g.writeArrayFieldStart("issues");
            for (SimIssue issue : page) {
                JiraJson.issue(g, view, issue, fields, changelog);
            }
            g.writeEndArray();
            if (names) {
                JiraJson.names(g, fields);
            }
            if (warn && !result.warnings().isEmpty()) {
                g.writeArrayFieldStart("warningMessages");
                for (String warning : result.warnings()) {
                    g.writeString(warning);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    // ---- issues ----

    private void getIssue(Context ctx, int api) {
        SimIssue issue = store.visibleIssue(account(ctx), ctx.pathParam("key"));
        FieldSelection fields = FieldSelection.parse(ctx.queryParams("fields"), FieldSelection.ALL);
        boolean changelog = stringList(ctx.queryParam("expand")).contains("changelog");
        boolean names = stringList(ctx.queryParam("expand")).contains("names");
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> JiraJson.issue(g, view, issue, fields, changelog, names));
    }

    @SuppressWarnings("unchecked")
    private void editIssue(Context ctx, int api) {
        SimAccount actor = account(ctx);
        Map<String, Object> body = body(ctx);
        synchronized (store) {
            SimIssue issue = store.visibleIssue(actor, ctx.pathParam("key"));
            Map<String, Object> fields = new LinkedHashMap<>();
            Object rawFields = body.get("fields");
            if (rawFields instanceof Map<?, ?> map) {
                fields.putAll((Map<String, Object>) map);
            }
            Object update = body.get("update");
            if (update instanceof Map<?, ?> ops) {
                for (Map.Entry<String, Object> entry : ((Map<String, Object>) ops).entrySet()) {
                    if (fields.containsKey(entry.getKey())) {
                        throw JiraError.fieldErrors(Map.of(entry.getKey(),
                                "Field '" + entry.getKey() + "' cannot be set in both the fields and update sections."));
                    }
                    fields.put(entry.getKey(), applyOperations(issue, entry.getKey(), entry.getValue()));
                }
            }
            if (fields.isEmpty() && !(rawFields instanceof Map) && !(update instanceof Map)) {
                throw JiraError.badRequest("No fields or update operations were sent.");
            }
            Map<String, String> denied = new LinkedHashMap<>();
            for (String field : fields.keySet()) {
                if (!editable(actor, issue, field)) {
                    denied.put(field, "Field '" + field + "' cannot be set. It is not on the appropriate screen, or unknown.");
                }
            }
            if (!denied.isEmpty()) {
                throw JiraError.fieldErrors(denied);
            }
            Map<String, Object> metadata = body.get("historyMetadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
            if (fields.containsKey("description") && api == 2 && fields.get("description") instanceof Map) {
                throw JiraError.fieldErrors(Map.of("description", "Operation value must be a string"));
            }
            store.updateIssue(actor, issue, fields, metadata);
        }
        ctx.status(204);
    }

    private boolean editable(SimAccount actor, SimIssue issue, String field) {
        if (field.equals("status")) {
            return false;
        }
        if (!store.can(actor, issue.project.key, Permission.EDIT)) {
            return false;
        }
        if (field.equals("duedate") || field.equals(JiraCatalog.SPRINT)) {
            return store.can(actor, issue.project.key, Permission.SCHEDULE);
        }
        return true;
    }

    /** Turns {@code update} operations (set/add/remove) into the field's new whole value. */
    @SuppressWarnings("unchecked")
    private Object applyOperations(SimIssue issue, String field, Object operations) {
        if (!(operations instanceof List<?> list)) {
            throw JiraError.fieldErrors(Map.of(field, "Operation value must be a list of operations."));
        }
        Object current = currentValue(issue, field);
        for (Object op : list) {
            if (!(op instanceof Map<?, ?> map) || map.size() != 1) {
                throw JiraError.fieldErrors(Map.of(field, "Each operation must be an object with one of set, add, remove."));
            }
            Map.Entry<String, Object> entry = ((Map<String, Object>) map).entrySet().iterator().next();
            String verb = entry.getKey();
            Object value = entry.getValue();
            switch (verb) {
                case "set" -> current = value;
                case "add", "remove" -> {
                    if (!(current instanceof List<?>)) {
                        throw JiraError.fieldErrors(Map.of(field, "Field '" + field + "' does not support the operation '" + verb + "'."));
                    }
                    List<Object> values = new ArrayList<>((List<Object>) current);
                    String wanted = JiraStore.text(value);
                    if (verb.equals("add")) {
                        if (values.stream().noneMatch(v -> matches(issue, field, v, wanted))) {
                            values.add(value);
                        }
                    } else {
                        values.removeIf(v -> matches(issue, field, v, wanted));
                    }
                    current = values;
                }
                case "edit" -> current = value;
                default -> throw JiraError.fieldErrors(Map.of(field, "Unsupported operation '" + verb + "'."));
            }
        }
        return current;
    }

    private boolean matches(SimIssue issue, String field, Object existing, String wanted) {
        String have = JiraStore.text(existing);
        if (have == null || wanted == null) {
            return false;
        }
        if (field.equals("fixVersions")) {
            SimVersion a = store.versionOf(issue.project.key, have);
            SimVersion b = store.versionOf(issue.project.key, wanted);
            return a != null && a.equals(b);
        }
        return have.equals(wanted);
    }

    private Object currentValue(SimIssue issue, String field) {
        return switch (field) {
            case "labels" -> List.copyOf(issue.labels);
            case "components" -> List.copyOf(issue.components);
            case "fixVersions" -> issue.fixVersionIds.stream().map(id -> (Object) String.valueOf(id)).toList();
            default -> store.rawFields(issue).get(field);
        };
    }

    @SuppressWarnings("unchecked")
    private void createIssue(Context ctx, int api) {
        SimAccount actor = account(ctx);
        Map<String, Object> body = body(ctx);
        if (!(body.get("fields") instanceof Map<?, ?> raw)) {
            throw JiraError.badRequest("Issue must have the fields object.");
        }
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) raw);
        SimIssue created;
        synchronized (store) {
            SimProject project = store.projectByKeyOrId(JiraStore.text(fields.get("project")));
            if (project == null || !store.can(actor, project.key, Permission.BROWSE)) {
                throw JiraError.fieldErrors(Map.of("project", "Specify a valid project ID or key"));
            }
            if (!store.can(actor, project.key, Permission.EDIT)) {
                throw JiraError.fieldErrors(Map.of("project", "You do not have permission to create issues in this project."));
            }
            if ((fields.containsKey("duedate") || fields.containsKey(JiraCatalog.SPRINT))
                    && !store.can(actor, project.key, Permission.SCHEDULE)) {
                String field = fields.containsKey("duedate") ? "duedate" : JiraCatalog.SPRINT;
                throw JiraError.fieldErrors(Map.of(field, "Field '" + field + "' cannot be set. It is not on the appropriate screen, or unknown."));
            }
            Object parent = fields.get("parent");
            if (parent != null) {
                SimIssue parentIssue = store.issueByKeyOrId(JiraStore.text(parent));
                if (parentIssue == null || !store.canBrowse(actor, parentIssue)) {
                    throw JiraError.fieldErrors(Map.of("parent", "Could not find issue by id or key."));
                }
            }
            String issueType = JiraStore.text(fields.get("issuetype"));
            created = store.createIssue(actor, project.key, issueType, JiraStore.text(fields.get("summary")), fields);
        }
        String self = sim.baseUrl() + "/rest/api/" + api + "/issue/" + created.id;
        json(ctx, 201, g -> {
            g.writeStartObject();
            g.writeStringField("id", String.valueOf(created.id));
            g.writeStringField("key", created.key);
            g.writeStringField("self", self);
            g.writeEndObject();
        });
    }

    private void deleteIssue(Context ctx) {
        SimAccount actor = account(ctx);
        synchronized (store) {
            SimIssue issue = store.visibleIssue(actor, ctx.pathParam("key"));
            if (!store.can(actor, issue.project.key, Permission.EDIT)) {
                throw JiraError.forbidden("You do not have permission to delete issues in this project.");
            }
            store.deleteIssue(actor, issue, "true".equalsIgnoreCase(ctx.queryParam("deleteSubtasks")));
        }
        ctx.status(204);
    }

    private void changelog(Context ctx, int api) {
        SimIssue issue = store.visibleIssue(account(ctx), ctx.pathParam("key"));
        int startAt = intParam(ctx.queryParam("startAt"), 0, "startAt");
        int maxResults = Math.min(intParam(ctx.queryParam("maxResults"), 100, "maxResults"), 100);
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> {
            List<SimHistory> histories = issue.histories;
            int end = Math.min(histories.size(), startAt + maxResults);
            g.writeStartObject();
            g.writeStringField("self", view.api("/issue/" + issue.key + "/changelog?maxResults=" + maxResults + "&startAt=" + startAt));
            g.writeNumberField("maxResults", maxResults);
            g.writeNumberField("startAt", startAt);
            g.writeNumberField("total", histories.size());
            g.writeBooleanField("isLast", end >= histories.size());
            g.writeArrayFieldStart("values");
            for (int i = startAt; i < end; i++) {
                JiraJson.history(g, view, histories.get(i));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void transitions(Context ctx, int api) {
        SimIssue issue = store.visibleIssue(account(ctx), ctx.pathParam("key"));
        boolean allowed = store.can(account(ctx), issue.project.key, Permission.TRANSITION);
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> {
            g.writeStartObject();
            g.writeStringField("expand", "transitions");
            g.writeArrayFieldStart("transitions");
            if (allowed) {
                for (Map.Entry<String, String> t : new java.util.TreeMap<>(TRANSITIONS).entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("id", t.getKey());
                    g.writeStringField("name", t.getValue());
                    g.writeFieldName("to");
                    JiraJson.status(g, view, JiraCatalog.status(t.getValue()).orElseThrow());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The fields this account may edit on the issue now (Jira's editmeta): none without Edit, dates need Schedule. */
    private void editMeta(Context ctx) {
        SimAccount viewer = account(ctx);
        SimIssue issue = store.visibleIssue(viewer, ctx.pathParam("key"));
        List<String[]> editable = new ArrayList<>();
        String[][] candidates = {
                {"summary", "Summary", "string"}, {"description", "Description", "string"}, {"assignee", "Assignee", "user"},
                {"labels", "Labels", "array"}, {"components", "Components", "array"}, {"fixVersions", "Fix versions", "array"},
                {"duedate", "Due date", "date"}, {JiraCatalog.START_DATE, "Start date", "date"},
                {JiraCatalog.STORY_POINTS, "Story point estimate", "number"}, {JiraCatalog.SPRINT, "Sprint", "array"},
                {JiraCatalog.EPIC_LINK, "Epic Link", "any"}, {"parent", "Parent", "issuelink"}, {"issuelinks", "Linked Issues", "array"}};
        for (String[] candidate : candidates) {
            boolean allowed = candidate[0].equals("issuelinks")
                    ? store.can(viewer, issue.project.key, Permission.LINK)
                    : editable(viewer, issue, candidate[0]);
            if (allowed) {
                editable.add(candidate);
            }
        }
        json(ctx, 200, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("fields");
            for (String[] field : editable) {
                g.writeObjectFieldStart(field[0]);
                g.writeBooleanField("required", field[0].equals("summary"));
                g.writeObjectFieldStart("schema");
                g.writeStringField("type", field[2]);
                g.writeEndObject();
                g.writeStringField("name", field[1]);
                g.writeStringField("key", field[0]);
                g.writeArrayFieldStart("operations");
                g.writeString("set");
                if (field[2].equals("array")) {
                    g.writeString("add");
                    g.writeString("remove");
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private void doTransition(Context ctx) {
        SimAccount actor = account(ctx);
        Map<String, Object> body = body(ctx);
        synchronized (store) {
            SimIssue issue = store.visibleIssue(actor, ctx.pathParam("key"));
            if (!store.can(actor, issue.project.key, Permission.TRANSITION)) {
                throw JiraError.badRequest("You do not have permission to transition this issue.");
            }
            String id = JiraStore.text(body.get("transition"));
            String target = id == null ? null : TRANSITIONS.get(id);
            if (target == null) {
                throw JiraError.badRequest("Transition id '" + id + "' is not valid for this issue.");
            }
            store.updateIssue(actor, issue, Map.of("status", target), null);
        }
        ctx.status(204);
    }

    // ---- permissions ----

    private void myPermissions(Context ctx) {
        SimAccount viewer = account(ctx);
        List<String> keys = stringList(ctx.queryParam("permissions"));
        if (keys.isEmpty()) {
            if (cloud()) {
                throw JiraError.badRequest("The permissions parameter is required.");
            }
            keys = new ArrayList<>(PERMISSION_INFO.keySet());
            Collections.sort(keys);
        }
        for (String key : keys) {
            if (!PERMISSION_INFO.containsKey(key.trim())) {
                throw JiraError.badRequest("Invalid permission key: " + key.trim());
            }
        }
        String projectKey = null;
        boolean anyProject = false;
        synchronized (store) {
            String issueRef = ctx.queryParam("issueKey") != null ? ctx.queryParam("issueKey") : ctx.queryParam("issueId");
            String projectRef = ctx.queryParam("projectKey") != null ? ctx.queryParam("projectKey") : ctx.queryParam("projectId");
            if (issueRef != null) {
                SimIssue issue = store.issueByKeyOrId(issueRef);
                if (issue == null || !store.canBrowse(viewer, issue)) {
                    throw JiraError.notFound("No issue with key or id '" + issueRef + "' exists or you do not have permission to see it.");
                }
                projectKey = issue.project.key;
            } else if (projectRef != null) {
                SimProject project = store.projectByKeyOrId(projectRef);
                if (project == null || !store.can(viewer, project.key, Permission.BROWSE)) {
                    throw JiraError.notFound("No project could be found with key '" + projectRef + "'.");
                }
                projectKey = project.key;
            } else {
                anyProject = true;
            }
        }
        String finalProject = projectKey;
        boolean global = anyProject;
        List<String> finalKeys = keys.stream().map(String::trim).toList();
        json(ctx, 200, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("permissions");
            for (String key : finalKeys) {
                Permission permission = PERMISSION_KEYS.get(key);
                boolean have = global
                        ? store.projects.keySet().stream().anyMatch(p -> store.can(viewer, p, permission))
                        : store.can(viewer, finalProject, permission);
                String[] info = PERMISSION_INFO.get(key);
                g.writeObjectFieldStart(key);
                g.writeStringField("id", info[0]);
                g.writeStringField("key", key);
                g.writeStringField("name", info[1]);
                g.writeStringField("type", "PROJECT");
                g.writeStringField("description", "Ability to " + info[1].toLowerCase(Locale.ROOT) + ".");
                g.writeBooleanField("havePermission", have);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    @SuppressWarnings("unchecked")
    private void bulkPermissions(Context ctx) {
        SimAccount caller = account(ctx);
        Map<String, Object> body = body(ctx);
        SimAccount subject = caller;
        Object accountId = body.get("accountId");
        if (accountId != null && !String.valueOf(accountId).equals(caller.accountId())) {
            if (!caller.admin()) {
                throw JiraError.forbidden("Only Jira administrators can perform this operation.");
            }
            subject = store.account(String.valueOf(accountId));
            if (subject == null) {
                throw JiraError.badRequest("User with accountId '" + accountId + "' does not exist.");
            }
        }
        List<Map<String, Object>> requests = new ArrayList<>();
        if (body.get("projectPermissions") instanceof List<?> l) {
            for (Object request : l) {
                if (!(request instanceof Map<?, ?> map)) {
                    throw JiraError.badRequest("Each projectPermissions entry must be an object with permissions, projects and issues.");
                }
                requests.add((Map<String, Object>) map);
            }
        }
        SimAccount who = subject;
        List<Map<String, Object>> answers = new ArrayList<>();
        synchronized (store) {
            for (Map<String, Object> request : requests) {
                List<String> permissions = stringList(request.get("permissions"));
                List<String> projects = stringList(request.get("projects"));
                List<String> issues = stringList(request.get("issues"));
                if (projects.size() > 1000 || issues.size() > 1000) {
                    throw JiraError.badRequest("Maximum number of projects or issues per request is 1000.");
                }
                for (String key : permissions) {
                    Permission permission = PERMISSION_KEYS.get(key);
                    if (permission == null) {
                        throw JiraError.badRequest("Invalid permission key: " + key);
                    }
                    List<Long> grantedProjects = new ArrayList<>();
                    for (String p : projects) {
                        SimProject project = store.projectByKeyOrId(p);
                        if (project != null && store.can(who, project.key, Permission.BROWSE) && store.can(who, project.key, permission)) {
                            grantedProjects.add(project.id);
                        }
                    }
                    List<Long> grantedIssues = new ArrayList<>();
                    for (String i : issues) {
                        SimIssue issue = store.issueByKeyOrId(i);
                        if (issue != null && store.canBrowse(who, issue) && store.can(who, issue.project.key, permission)) {
                            grantedIssues.add(issue.id);
                        }
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("permission", key);
                    answer.put("issues", grantedIssues);
                    answer.put("projects", grantedProjects);
                    answers.add(answer);
                }
            }
        }
        json(ctx, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("globalPermissions");
            g.writeEndArray();
            g.writeFieldName("projectPermissions");
            JiraJson.MAPPER.writeValue(g, answers);
            g.writeEndObject();
        });
    }

    // ---- links ----

    private void createLink(Context ctx) {
        SimAccount actor = account(ctx);
        Map<String, Object> body = body(ctx);
        SimLink link;
        synchronized (store) {
            SimLinkType type = store.linkType(JiraStore.text(body.get("type")));
            if (type == null) {
                throw JiraError.notFound("No issue link type with name '" + JiraStore.text(body.get("type")) + "' found.");
            }
            SimIssue inward = store.issueByKeyOrId(JiraStore.text(body.get("inwardIssue")));
            SimIssue outward = store.issueByKeyOrId(JiraStore.text(body.get("outwardIssue")));
            if (inward == null || !store.canBrowse(actor, inward)) {
                throw JiraError.notFound("Issue Does Not Exist");
            }
            if (outward == null || !store.canBrowse(actor, outward)) {
                throw JiraError.notFound("Issue Does Not Exist");
            }
            if (!store.can(actor, inward.project.key, Permission.LINK)) {
                throw JiraError.forbidden("No Link Issue Permission for issue '" + inward.key + "'.");
            }
            // Jira's create body reads "inwardIssue <type.outward> outwardIssue": {Blocks, inward A, outward B} = A blocks B.
            link = store.link(actor, type, inward, outward, true);
        }
        ctx.header("Location", sim.baseUrl() + "/rest/api/" + (cloud() ? 3 : 2) + "/issueLink/" + link.id());
        ctx.status(201);
    }

    private SimLink visibleLink(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw JiraError.badRequest("The issue link id '" + ctx.pathParam("id") + "' is invalid.");
        }
        SimLink link = store.links.get(id);
        if (link == null) {
            throw JiraError.notFound("No issue link with id '" + id + "' exists.");
        }
        SimIssue a = store.issues.get(link.fromKey());
        SimIssue b = store.issues.get(link.toKey());
        if (a == null || b == null || !store.canBrowse(account(ctx), a) || !store.canBrowse(account(ctx), b)) {
            throw JiraError.notFound("No issue link with id '" + id + "' exists.");
        }
        return link;
    }

    private void getLink(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        synchronized (store) {
            SimLink link = visibleLink(ctx);
            locked(ctx, 200, g -> {
                g.writeStartObject();
                g.writeStringField("id", String.valueOf(link.id()));
                g.writeStringField("self", view.api("/issueLink/" + link.id()));
                g.writeFieldName("type");
                JiraJson.linkType(g, view, link.type());
                // In a link bean, inwardIssue is the one that "blocks" (the create body's inwardIssue).
                g.writeFieldName("inwardIssue");
                JiraJson.issueRef(g, view, store.issues.get(link.fromKey()));
                g.writeFieldName("outwardIssue");
                JiraJson.issueRef(g, view, store.issues.get(link.toKey()));
                g.writeEndObject();
            });
        }
    }

    private void deleteLink(Context ctx) {
        SimAccount actor = account(ctx);
        synchronized (store) {
            SimLink link = visibleLink(ctx);
            if (!store.can(actor, link.fromKey().substring(0, link.fromKey().lastIndexOf('-')), Permission.LINK)) {
                throw JiraError.forbidden("No Link Issue Permission for issue '" + link.fromKey() + "'.");
            }
            store.unlink(actor, link);
        }
        ctx.status(204);
    }

    private void linkTypes(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        json(ctx, 200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("issueLinkTypes");
            for (SimLinkType type : store.linkTypes) {
                JiraJson.linkType(g, view, type);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    // ---- metadata ----

    private void fields(Context ctx) {
        json(ctx, 200, g -> {
            g.writeStartArray();
            field(g, "summary", "Summary", false, "string", null, null, true);
            field(g, "description", "Description", false, "string", null, null, false);
            field(g, "issuetype", "Issue Type", false, "issuetype", null, null, true);
            field(g, "project", "Project", false, "project", null, null, true);
            field(g, "status", "Status", false, "status", null, null, true);
            field(g, "assignee", "Assignee", false, "user", null, null, true);
            field(g, "reporter", "Reporter", false, "user", null, null, true);
            field(g, "labels", "Labels", false, "array", "string", null, true);
            field(g, "components", "Components", false, "array", "component", null, true);
            field(g, "fixVersions", "Fix versions", false, "array", "version", null, true);
            field(g, "duedate", "Due date", false, "date", null, null, true);
            field(g, "created", "Created", false, "datetime", null, null, true);
            field(g, "updated", "Updated", false, "datetime", null, null, true);
            field(g, "parent", "Parent", false, "issuelink", null, null, true);
            field(g, "issuelinks", "Linked Issues", false, "array", "issuelinks", null, false);
            field(g, "subtasks", "Sub-tasks", false, "array", "issuelinks", null, false);
            field(g, JiraCatalog.EPIC_LINK, "Epic Link", true, "any", null, "com.pyxis.greenhopper.jira:gh-epic-link", true);
            field(g, JiraCatalog.START_DATE, "Start date", true, "date", null, "com.atlassian.jira.plugin.system.customfieldtypes:datepicker", true);
            field(g, JiraCatalog.STORY_POINTS, "Story point estimate", true, "number", null, "com.atlassian.jira.plugin.system.customfieldtypes:float", true);
            field(g, JiraCatalog.RANK, "Rank", true, "any", null, "com.pyxis.greenhopper.jira:gh-lexo-rank", true);
            field(g, JiraCatalog.SPRINT, "Sprint", true, "array", "json", "com.pyxis.greenhopper.jira:gh-sprint", true);
            g.writeEndArray();
        });
    }

    private static void field(JsonGenerator g, String id, String name, boolean custom, String type, String items, String customType,
                              boolean searchable) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("key", id);
        g.writeStringField("name", name);
        g.writeBooleanField("custom", custom);
        g.writeBooleanField("orderable", true);
        g.writeBooleanField("navigable", true);
        g.writeBooleanField("searchable", searchable);
        g.writeArrayFieldStart("clauseNames");
        if (custom) {
            g.writeString("cf[" + id.substring("customfield_".length()) + "]");
        }
        g.writeString(custom ? name : id);
        g.writeEndArray();
        g.writeObjectFieldStart("schema");
        g.writeStringField("type", type);
        if (items != null) {
            g.writeStringField("items", items);
        }
        if (custom) {
            g.writeStringField("custom", customType);
            g.writeNumberField("customId", Long.parseLong(id.substring("customfield_".length())));
        } else {
            g.writeStringField("system", id);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private void projects(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        locked(ctx, 200, g -> {
            g.writeStartArray();
            for (String key : store.projectKeysBrowsableBy(account(ctx))) {
                JiraJson.project(g, view, store.projects.get(key));
            }
            g.writeEndArray();
        });
    }

    private void project(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        SimProject project = visibleProject(ctx);
        json(ctx, 200, g -> JiraJson.project(g, view, project));
    }

    private SimProject visibleProject(Context ctx) {
        SimProject project = store.projectByKeyOrId(ctx.pathParam("key"));
        if (project == null || !store.can(account(ctx), project.key, Permission.BROWSE)) {
            throw JiraError.notFound("No project could be found with key '" + ctx.pathParam("key") + "'.");
        }
        return project;
    }

    private void projectSearch(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        int startAt = intParam(ctx.queryParam("startAt"), 0, "startAt");
        int maxResults = Math.min(intParam(ctx.queryParam("maxResults"), 50, "maxResults"), 100);
        String keys = ctx.queryParam("keys");
        locked(ctx, 200, g -> {
            List<String> visible = new ArrayList<>(store.projectKeysBrowsableBy(account(ctx)));
            if (keys != null) {
                visible.retainAll(List.of(keys.split(",")));
            }
            int end = Math.min(visible.size(), startAt + maxResults);
            g.writeStartObject();
            g.writeStringField("self", view.api("/project/search?startAt=" + startAt + "&maxResults=" + maxResults));
            g.writeNumberField("maxResults", maxResults);
            g.writeNumberField("startAt", startAt);
            g.writeNumberField("total", visible.size());
            g.writeBooleanField("isLast", end >= visible.size());
            g.writeArrayFieldStart("values");
            for (int i = startAt; i < end; i++) {
                JiraJson.project(g, view, store.projects.get(visible.get(i)));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void versions(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        SimProject project = visibleProject(ctx);
        locked(ctx, 200, g -> {
            g.writeStartArray();
            for (SimVersion version : store.versions.values()) {
                if (version.projectKey().equals(project.key)) {
                    JiraJson.version(g, view, version, true);
                }
            }
            g.writeEndArray();
        });
    }

    private void user(Context ctx, int api) {
        String id = cloud() ? ctx.queryParam("accountId")
                : ctx.queryParam("username") != null ? ctx.queryParam("username") : ctx.queryParam("key");
        if (id == null) {
            throw JiraError.badRequest(cloud() ? "The accountId query parameter needs to be provided." : "The username query parameter needs to be provided.");
        }
        SimAccount user = store.account(id);
        if (user == null) {
            throw JiraError.notFound(cloud() ? "Specified user does not exist or you do not have required permissions"
                    : "The user named '" + id + "' does not exist");
        }
        JiraJson.View view = view(ctx, api);
        json(ctx, 200, g -> JiraJson.user(g, view, user));
    }

    /** The saved filter of a board: "project = KEY ORDER BY Rank ASC", as Jira creates it with the board. */
    private void filter(Context ctx, int api) {
        JiraJson.View view = view(ctx, api);
        synchronized (store) {
            SimBoard board = null;
            for (SimBoard b : store.boards.values()) {
                if (String.valueOf(JqlEvaluator.filterId(b)).equals(ctx.pathParam("id"))) {
                    board = b;
                }
            }
            if (board == null || !store.can(account(ctx), board.projectKey(), Permission.BROWSE)) {
                throw JiraError.badRequest("The selected filter is not available to you, perhaps it has been deleted or had its permissions changed.");
            }
            SimBoard found = board;
            json(ctx, 200, g -> {
                g.writeStartObject();
                g.writeStringField("self", view.api("/filter/" + JqlEvaluator.filterId(found)));
                g.writeStringField("id", String.valueOf(JqlEvaluator.filterId(found)));
                g.writeStringField("name", JqlEvaluator.filterName(found));
                g.writeStringField("jql", "project = " + found.projectKey() + " ORDER BY Rank ASC");
                g.writeBooleanField("favourite", false);
                g.writeEndObject();
            });
        }
    }

    private void serverInfo(Context ctx) {
        json(ctx, 200, g -> {
            g.writeStartObject();
            g.writeStringField("baseUrl", sim.baseUrl().toString());
            g.writeStringField("version", cloud() ? "1001.0.0-SNAPSHOT" : "10.3.1");
            g.writeStringField("deploymentType", cloud() ? "Cloud" : "Server");
            g.writeStringField("serverTitle", "Boxsync Jira simulator");
            g.writeEndObject();
        });
    }

    private void indexSummary(Context ctx) {
        boolean corrupt = sim.faultState().corruptIndex();
        locked(ctx, 200, g -> {
            int count = store.issues.size();
            Instant last = store.lastUpdate();
            g.writeStartObject();
            g.writeStringField("nodeId", "node-1");
            g.writeStringField("reportTime", JiraJson.timestamp(store.clock.instant()));
            g.writeObjectFieldStart("issueIndex");
            g.writeBooleanField("indexReadable", true);
            g.writeNumberField("countInDatabase", count);
            g.writeNumberField("countInIndex", corrupt ? Math.max(0, count - Math.max(1, count / 10)) : count);
            g.writeNumberField("countInArchive", 0);
            g.writeStringField("lastUpdatedInDatabase", JiraJson.timestamp(last));
            g.writeStringField("lastUpdatedInIndex", JiraJson.timestamp(corrupt ? last.minusSeconds(3600) : last));
            g.writeEndObject();
            g.writeObjectFieldStart("replicationQueues");
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    // ---- agile ----

    private static int agileMax(Context ctx, boolean cloud) {
        int requested = intParam(ctx.queryParam("maxResults"), 50, "maxResults");
        return cloud ? Math.min(requested, 50) : Math.min(requested, 1000);
    }

    private void boards(Context ctx) {
        JiraJson.View view = view(ctx, 2);
        int startAt = intParam(ctx.queryParam("startAt"), 0, "startAt");
        int max = agileMax(ctx, cloud());
        String projectRef = ctx.queryParam("projectKeyOrId");
        locked(ctx, 200, g -> {
            List<SimBoard> visible = new ArrayList<>();
            SimProject filter = projectRef == null ? null : store.projectByKeyOrId(projectRef);
            if (projectRef != null && (filter == null || !store.can(account(ctx), filter.key, Permission.BROWSE))) {
                throw JiraError.badRequest("No project could be found with key or id '" + projectRef + "'.");
            }
            for (SimBoard board : store.boards.values()) {
                if (store.can(account(ctx), board.projectKey(), Permission.BROWSE)
                        && (filter == null || filter.key.equals(board.projectKey()))) {
                    visible.add(board);
                }
            }
            pagedValues(g, startAt, max, visible, true, b -> JiraJson.board(g, view, b));
        });
    }

    private interface ValueWriter<T> {
        void write(T value) throws IOException;
    }

    private static <T> void pagedValues(JsonGenerator g, int startAt, int max, List<T> all, boolean total, ValueWriter<T> writer)
            throws IOException {
        int end = Math.min(all.size(), startAt + max);
        g.writeStartObject();
        g.writeNumberField("maxResults", max);
        g.writeNumberField("startAt", startAt);
        if (total) {
            g.writeNumberField("total", all.size());
        }
        g.writeBooleanField("isLast", end >= all.size());
        g.writeArrayFieldStart("values");
        for (int i = startAt; i < end; i++) {
            writer.write(all.get(i));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private SimBoard visibleBoard(Context ctx) {
        SimBoard board;
        try {
            board = store.boards.get(Long.parseLong(ctx.pathParam("id")));
        } catch (NumberFormatException e) {
            board = null;
        }
        if (board == null || !store.can(account(ctx), board.projectKey(), Permission.BROWSE)) {
            throw JiraError.notFound("Board does not exist or you do not have permission to see it.");
        }
        return board;
    }

    private void board(Context ctx) {
        JiraJson.View view = view(ctx, 2);
        synchronized (store) {
            SimBoard board = visibleBoard(ctx);
            locked(ctx, 200, g -> JiraJson.board(g, view, board));
        }
    }

    private void boardSprints(Context ctx) {
        JiraJson.View view = view(ctx, 2);
        int startAt = intParam(ctx.queryParam("startAt"), 0, "startAt");
        int max = agileMax(ctx, cloud());
        Set<String> states = new LinkedHashSet<>(stringList(ctx.queryParam("state")).stream()
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).toList());
        synchronized (store) {
            SimBoard board = visibleBoard(ctx);
            List<SimSprint> sprints = store.sprints.values().stream()
                    .filter(s -> s.boardId == board.id() && (states.isEmpty() || states.contains(s.state))).toList();
            locked(ctx, 200, g -> pagedValues(g, startAt, max, sprints, false, s -> JiraJson.sprint(g, view, s)));
        }
    }

    private SimSprint visibleSprint(Context ctx) {
        SimSprint sprint;
        try {
            sprint = store.sprints.get(Long.parseLong(ctx.pathParam("id")));
        } catch (NumberFormatException e) {
            sprint = null;
        }
        if (sprint == null || !store.can(account(ctx), store.boards.get(sprint.boardId).projectKey(), Permission.BROWSE)) {
            throw JiraError.notFound("Sprint does not exist or you do not have permission to see it.");
        }
        return sprint;
    }

    private void sprint(Context ctx) {
        JiraJson.View view = view(ctx, 2);
        synchronized (store) {
            SimSprint sprint = visibleSprint(ctx);
            locked(ctx, 200, g -> JiraJson.sprint(g, view, sprint));
        }
    }

    private void boardConfiguration(Context ctx) {
        synchronized (store) {
            SimBoard board = visibleBoard(ctx);
            String base = sim.baseUrl().toString();
            json(ctx, 200, g -> {
                g.writeStartObject();
                g.writeNumberField("id", board.id());
                g.writeStringField("name", board.name());
                g.writeStringField("type", "scrum");
                g.writeStringField("self", base + "/rest/agile/1.0/board/" + board.id() + "/configuration");
                g.writeObjectFieldStart("filter");
                g.writeStringField("id", String.valueOf(JqlEvaluator.filterId(board)));
                g.writeStringField("self", base + "/rest/api/2/filter/" + JqlEvaluator.filterId(board));
                g.writeEndObject();
                g.writeObjectFieldStart("estimation");
                g.writeStringField("type", "field");
                g.writeObjectFieldStart("field");
                g.writeStringField("fieldId", JiraCatalog.STORY_POINTS);
                g.writeStringField("displayName", "Story point estimate");
                g.writeEndObject();
                g.writeEndObject();
                g.writeObjectFieldStart("ranking");
                g.writeNumberField("rankCustomFieldId", 10019);
                g.writeEndObject();
                g.writeEndObject();
            });
        }
    }

    /** {@code GET /sprint/{id}/issue}: the sprint's issues, optionally narrowed by {@code jql}, offset-paged. */
    private void sprintIssues(Context ctx) {
        SimSprint sprint;
        synchronized (store) {
            sprint = visibleSprint(ctx);
        }
        String extra = ctx.queryParam("jql");
        String jql = "sprint = " + sprint.id + (extra == null || extra.isBlank() ? "" : " AND (" + extra + ")") + " ORDER BY rank";
        int startAt = intParam(ctx.queryParam("startAt"), 0, "startAt");
        int max = Math.min(intParam(ctx.queryParam("maxResults"), 50, "maxResults"), cloud() ? 100 : 1000);
        FieldSelection fields = FieldSelection.parse(ctx.queryParams("fields"), FieldSelection.ALL);
        List<SimIssue> all = runQuery(account(ctx), jql, false);
        JiraJson.View view = view(ctx, 2);
        locked(ctx, 200, g -> {
            int end = Math.min(all.size(), startAt + max);
            g.writeStartObject();
            g.writeStringField("expand", "schema,names");
            g.writeNumberField("startAt", startAt);
            g.writeNumberField("maxResults", max);
            g.writeNumberField("total", all.size());
            g.writeArrayFieldStart("issues");
            for (int i = startAt; i < end; i++) {
                JiraJson.issue(g, view, all.get(i), fields, false);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private List<SimIssue> agileIssues(Context ctx, Map<String, Object> body) {
        List<String> refs = stringList(body.get("issues"));
        if (refs.isEmpty()) {
            throw JiraError.badRequest("At least one issue must be specified.");
        }
        if (refs.size() > 50) {
            throw JiraError.badRequest("The maximum number of issues that can be moved in one operation is 50.");
        }
        List<SimIssue> issues = new ArrayList<>();
        for (String ref : refs) {
            SimIssue issue = store.issueByKeyOrId(ref);
            if (issue == null || !store.canBrowse(account(ctx), issue)) {
                throw JiraError.badRequest("Issue '" + ref + "' does not exist or you do not have permission to see it.");
            }
            if (!store.can(account(ctx), issue.project.key, Permission.SCHEDULE)
                    || !store.can(account(ctx), issue.project.key, Permission.EDIT)) {
                throw JiraError.forbidden("You do not have permission to schedule issue '" + issue.key + "'.");
            }
            issues.add(issue);
        }
        return issues;
    }

    private void moveToSprint(Context ctx) {
        Map<String, Object> body = body(ctx);
        synchronized (store) {
            SimSprint sprint = visibleSprint(ctx);
            if (!sprint.open()) {
                throw JiraError.badRequest("Cannot move issues to a closed sprint.");
            }
            store.moveToSprint(account(ctx), sprint, agileIssues(ctx, body));
        }
        ctx.status(204);
    }

    private void moveToBacklog(Context ctx) {
        Map<String, Object> body = body(ctx);
        synchronized (store) {
            store.moveToBacklog(account(ctx), agileIssues(ctx, body));
        }
        ctx.status(204);
    }

    private void registerWebhook(Context ctx) {
        if (!account(ctx).admin()) {
            throw JiraError.forbidden("Only Jira administrators can register webhooks.");
        }
        Map<String, Object> body = body(ctx);
        Object url = body.get("url");
        if (url == null) {
            throw JiraError.fieldErrors(Map.of("url", "The webhook URL is required."));
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(String.valueOf(url));
        } catch (IllegalArgumentException e) {
            throw JiraError.fieldErrors(Map.of("url", "The webhook URL is invalid."));
        }
        String filter = body.get("filters") instanceof Map<?, ?> filters && filters.get("issue-related-events-section") != null
                ? String.valueOf(filters.get("issue-related-events-section")) : null;
        Set<String> events = new java.util.HashSet<>(stringList(body.get("events")));
        try {
            sim.registerWebhook(uri, body.get("secret") == null ? null : String.valueOf(body.get("secret")), filter, events);
        } catch (IllegalArgumentException e) {
            throw JiraError.fieldErrors(Map.of("filters", e.getMessage()));
        }
        int id = sim.webhookCount();
        json(ctx, 201, g -> {
            g.writeStartObject();
            g.writeStringField("name", String.valueOf(body.getOrDefault("name", "webhook")));
            g.writeStringField("url", String.valueOf(url));
            g.writeStringField("self", sim.baseUrl() + "/rest/webhooks/1.0/webhook/" + id);
            g.writeBooleanField("enabled", true);
            g.writeNumberField("lastUpdated", store.clock.millis());
            g.writeEndObject();
        });
    }
}
