package io.boxsync.simulator.jira;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Streams Jira JSON (issues, users, sprints, ...) with Jackson's generator. Callers hold the store lock while an
 * issue is written. {@code api} is 2 or 3: v3 writes rich text as ADF, v2 as plain strings.
 */
final class JiraJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory FACTORY = MAPPER.getFactory();
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter AGILE_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations";

    /** Who reads, through which API: decides shapes (Cloud vs DC users, v2 vs v3 text) and what links are visible. */
    record View(JiraStore store, boolean cloud, int api, String baseUrl, SimAccount viewer) {
        String api(String path) {
            return baseUrl + "/rest/api/" + api + path;
        }
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private JiraJson() {
    }

    static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : TIMESTAMP.format(instant);
    }

    /** Display names of the fields the simulator serves, for {@code expand=names}. */
    static final Map<String, String> FIELD_NAMES = namesInOrder();

    private static Map<String, String> namesInOrder() {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        String[][] pairs = {{"summary", "Summary"}, {"issuetype", "Issue Type"}, {"project", "Project"}, {"status", "Status"},
                {"assignee", "Assignee"}, {"reporter", "Reporter"}, {"labels", "Labels"}, {"components", "Components"},
                {"fixVersions", "Fix versions"}, {"duedate", "Due date"}, {JiraCatalog.START_DATE, "Start date"},
                {JiraCatalog.EPIC_LINK, "Epic Link"}, {JiraCatalog.STORY_POINTS, "Story point estimate"},
                {JiraCatalog.SPRINT, "Sprint"}, {JiraCatalog.RANK, "Rank"}, {"parent", "Parent"}, {"subtasks", "Sub-tasks"},
                {"issuelinks", "Linked Issues"}, {"created", "Created"}, {"updated", "Updated"}, {"description", "Description"}};
        for (String[] pair : pairs) {
            names.put(pair[0], pair[1]);
        }
        return java.util.Collections.unmodifiableMap(names);
    }

    /** Writes {@code "names":{id:name}} for the selected fields. */
    static void names(JsonGenerator g, FieldSelection fields) throws IOException {
        g.writeObjectFieldStart("names");
        for (Map.Entry<String, String> e : FIELD_NAMES.entrySet()) {
            if (fields.includes(e.getKey())) {
                g.writeStringField(e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
    }

    static void issue(JsonGenerator g, View v, SimIssue i, FieldSelection fields, boolean changelog) throws IOException {
        issue(g, v, i, fields, changelog, false);
    }

    static void issue(JsonGenerator g, View v, SimIssue i, FieldSelection fields, boolean changelog, boolean names) throws IOException {
        g.writeStartObject();
        g.writeStringField("expand", EXPAND);
        g.writeStringField("id", String.valueOf(i.id));
        g.writeStringField("self", v.api("/issue/" + i.id));
        g.writeStringField("key", i.key);
        if (!fields.isEmpty()) {
            g.writeObjectFieldStart("fields");
            issueFields(g, v, i, fields);
            g.writeEndObject();
        }
        if (names) {
            names(g, fields);
        }
        if (changelog) {
            changelog(g, v, i);
        }
        g.writeEndObject();
    }

    private static void issueFields(JsonGenerator g, View v, SimIssue i, FieldSelection f) throws IOException {
        JiraStore store = v.store();
        if (f.includes("summary")) {
            g.writeStringField("summary", i.summary);
        }
        if (f.includes("issuetype")) {
            g.writeFieldName("issuetype");
            issueType(g, v, JiraCatalog.issueTypeOf(i));
        }
        if (f.includes("project")) {
            g.writeFieldName("project");
            project(g, v, i.project);
        }
        if (f.includes("status")) {
            g.writeFieldName("status");
            status(g, v, JiraCatalog.statusOf(i));
        }
        if (f.includes("assignee")) {
            g.writeFieldName("assignee");
            user(g, v, store.account(i.assignee));
        }
        if (f.includes("reporter")) {
            g.writeFieldName("reporter");
            user(g, v, store.account(i.reporter));
        }
        if (f.includes("labels")) {
            g.writeArrayFieldStart("labels");
            for (String label : i.labels) {
                g.writeString(label);
            }
            g.writeEndArray();
        }
        if (f.includes("components")) {
            g.writeArrayFieldStart("components");
            for (String component : i.components) {
                g.writeStartObject();
                g.writeStringField("self", v.api("/component/" + Math.abs(component.hashCode() % 100000)));
                g.writeStringField("id", String.valueOf(Math.abs(component.hashCode() % 100000)));
                g.writeStringField("name", component);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (f.includes("fixVersions")) {
            g.writeArrayFieldStart("fixVersions");
            for (Long id : i.fixVersionIds) {
                SimVersion version = store.versions.get(id);
                if (version != null) {
                    version(g, v, version, false);
                }
            }
            g.writeEndArray();
        }
        if (f.includes("duedate")) {
            writeDate(g, "duedate", i.dueDate);
        }
        if (f.includes(JiraCatalog.START_DATE)) {
            writeDate(g, JiraCatalog.START_DATE, i.startDate);
        }
        if (f.includes(JiraCatalog.EPIC_LINK)) {
            g.writeStringField(JiraCatalog.EPIC_LINK, i.epicLinkKey);
        }
        if (f.includes(JiraCatalog.STORY_POINTS)) {
            if (i.storyPoints == null) {
                g.writeNullField(JiraCatalog.STORY_POINTS);
            } else {
                g.writeNumberField(JiraCatalog.STORY_POINTS, i.storyPoints);
            }
        }
        if (f.includes(JiraCatalog.SPRINT)) {
            sprintField(g, v, i);
        }
        if (f.includes(JiraCatalog.RANK)) {
            g.writeStringField(JiraCatalog.RANK, JiraCatalog.lexoRank(i.rank));
        }
        if (f.includes("parent") && i.parentKey != null) {
            SimIssue parent = store.issues.get(i.parentKey);
            if (parent != null) {
                g.writeFieldName("parent");
                issueRef(g, v, parent);
            }
        }
        if (f.includes("subtasks")) {
            g.writeArrayFieldStart("subtasks");
            for (SimIssue sub : store.subtasks(i)) {
                if (store.canBrowse(v.viewer(), sub)) {
                    issueRef(g, v, sub);
                }
            }
            g.writeEndArray();
        }
        if (f.includes("issuelinks")) {
            g.writeArrayFieldStart("issuelinks");
            for (SimLink link : store.linksOf(i)) {
                boolean outward = link.fromKey().equals(i.key);
                SimIssue other = store.issues.get(outward ? link.toKey() : link.fromKey());
                if (other == null || !store.canBrowse(v.viewer(), other)) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("id", String.valueOf(link.id()));
                g.writeStringField("self", v.api("/issueLink/" + link.id()));
                g.writeFieldName("type");
                linkType(g, v, link.type());
                // On the issue that "blocks", the other end is the outwardIssue ("this blocks OTHER").
                g.writeFieldName(outward ? "outwardIssue" : "inwardIssue");
                issueRef(g, v, other);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (f.includes("created")) {
            g.writeStringField("created", timestamp(i.created));
        }
        if (f.includes("updated")) {
            g.writeStringField("updated", timestamp(i.updated));
        }
        if (f.includes("description")) {
            if (i.description == null) {
                g.writeNullField("description");
            } else if (v.api() == 3) {
                g.writeFieldName("description");
                adf(g, i.description);
            } else {
                g.writeStringField("description", i.description);
            }
        }
    }

    private static void writeDate(JsonGenerator g, String name, LocalDate date) throws IOException {
        if (date == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, date.toString());
        }
    }

    private static void sprintField(JsonGenerator g, View v, SimIssue i) throws IOException {
        if (i.sprintIds.isEmpty()) {
            g.writeNullField(JiraCatalog.SPRINT);
            return;
        }
        g.writeArrayFieldStart(JiraCatalog.SPRINT);
        for (Long id : i.sprintIds) {
            SimSprint s = v.store().sprints.get(id);
            if (s == null) {
                continue;
            }
            if (v.cloud()) {
                g.writeStartObject();
                g.writeNumberField("id", s.id);
                g.writeStringField("name", s.name);
                g.writeStringField("state", s.state);
                g.writeNumberField("boardId", s.boardId);
                g.writeStringField("goal", "");
                writeSprintDates(g, s);
                g.writeEndObject();
            } else {
                // Jira Data Center serialises the Sprint field as the Java toString of its sprint bean.
                g.writeString("com.atlassian.greenhopper.service.sprint.Sprint@" + Integer.toHexString((int) (s.id * 7919))
                        + "[id=" + s.id + ",rapidViewId=" + s.boardId + ",state=" + s.state.toUpperCase(java.util.Locale.ROOT)
                        + ",name=" + s.name + ",startDate=" + agileDate(s.start, 9) + ",endDate=" + agileDate(s.end, 17)
                        + ",completeDate=" + ("closed".equals(s.state) ? agileDate(s.end, 17) : "<null>")
                        + ",activatedDate=" + agileDate(s.start, 9) + ",sequence=" + s.id + ",goal=,autoStartStop=false,synced=false]");
            }
        }
        g.writeEndArray();
    }

    static String agileDate(LocalDate date, int hour) {
        return date == null ? "<null>" : AGILE_TIMESTAMP.format(date.atTime(hour, 0).toInstant(ZoneOffset.UTC));
    }

    private static void writeSprintDates(JsonGenerator g, SimSprint s) throws IOException {
        if (s.start != null) {
            g.writeStringField("startDate", agileDate(s.start, 9));
        }
        if (s.end != null) {
            g.writeStringField("endDate", agileDate(s.end, 17));
        }
        if ("closed".equals(s.state) && s.end != null) {
            g.writeStringField("completeDate", agileDate(s.end, 17));
        }
    }

    static void sprint(JsonGenerator g, View v, SimSprint s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", s.id);
        g.writeStringField("self", v.baseUrl() + "/rest/agile/1.0/sprint/" + s.id);
        g.writeStringField("state", s.state);
        g.writeStringField("name", s.name);
        writeSprintDates(g, s);
        g.writeNumberField("originBoardId", s.boardId);
        g.writeStringField("goal", "");
        g.writeEndObject();
    }

    static void board(JsonGenerator g, View v, SimBoard b) throws IOException {
        SimProject project = v.store().projects.get(b.projectKey());
        g.writeStartObject();
        g.writeNumberField("id", b.id());
        g.writeStringField("self", v.baseUrl() + "/rest/agile/1.0/board/" + b.id());
        g.writeStringField("name", b.name());
        g.writeStringField("type", "scrum");
        g.writeObjectFieldStart("location");
        g.writeNumberField("projectId", project.id);
        g.writeStringField("displayName", project.name + " (" + project.key + ")");
        g.writeStringField("projectName", project.name);
        g.writeStringField("projectKey", project.key);
        g.writeStringField("projectTypeKey", "software");
        g.writeStringField("name", project.name + " (" + project.key + ")");
        g.writeEndObject();
        g.writeEndObject();
    }

    static void issueRef(JsonGenerator g, View v, SimIssue other) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", String.valueOf(other.id));
        g.writeStringField("key", other.key);
        g.writeStringField("self", v.api("/issue/" + other.id));
        g.writeObjectFieldStart("fields");
        g.writeStringField("summary", other.summary);
        g.writeFieldName("status");
        status(g, v, JiraCatalog.statusOf(other));
        g.writeFieldName("issuetype");
        issueType(g, v, JiraCatalog.issueTypeOf(other));
        g.writeEndObject();
        g.writeEndObject();
    }

    static void issueType(JsonGenerator g, View v, JiraCatalog.IssueType t) throws IOException {
        g.writeStartObject();
        g.writeStringField("self", v.api("/issuetype/" + t.id()));
        g.writeStringField("id", t.id());
        g.writeStringField("description", "");
        g.writeStringField("name", t.name());
        g.writeBooleanField("subtask", t.subtask());
        if (v.cloud()) {
            g.writeNumberField("hierarchyLevel", t.hierarchyLevel());
        }
        g.writeEndObject();
    }

    static void status(JsonGenerator g, View v, JiraCatalog.Status s) throws IOException {
        g.writeStartObject();
        g.writeStringField("self", v.api("/status/" + s.id()));
        g.writeStringField("description", "");
        g.writeStringField("name", s.name());
        g.writeStringField("id", s.id());
        g.writeObjectFieldStart("statusCategory");
        g.writeStringField("self", v.api("/statuscategory/" + s.categoryId()));
        g.writeNumberField("id", s.categoryId());
        g.writeStringField("key", s.categoryKey());
        g.writeStringField("colorName", s.colorName());
        g.writeStringField("name", s.categoryName());
        g.writeEndObject();
        g.writeEndObject();
    }

    static void project(JsonGenerator g, View v, SimProject p) throws IOException {
        g.writeStartObject();
        g.writeStringField("self", v.api("/project/" + p.id));
        g.writeStringField("id", String.valueOf(p.id));
        g.writeStringField("key", p.key);
        g.writeStringField("name", p.name);
        g.writeStringField("projectTypeKey", "software");
        g.writeEndObject();
    }

    static void version(JsonGenerator g, View v, SimVersion version, boolean withProject) throws IOException {
        g.writeStartObject();
        g.writeStringField("self", v.api("/version/" + version.id()));
        g.writeStringField("id", String.valueOf(version.id()));
        g.writeStringField("name", version.name());
        g.writeBooleanField("archived", false);
        g.writeBooleanField("released", version.released());
        if (version.releaseDate() != null) {
            g.writeStringField("releaseDate", version.releaseDate().toString());
        }
        if (withProject) {
            SimProject project = v.store().projects.get(version.projectKey());
            g.writeNumberField("projectId", project.id);
        }
        g.writeEndObject();
    }

    static void linkType(JsonGenerator g, View v, SimLinkType t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", String.valueOf(t.id()));
        g.writeStringField("name", t.name());
        g.writeStringField("inward", t.inward());
        g.writeStringField("outward", t.outward());
        g.writeStringField("self", v.api("/issueLinkType/" + t.id()));
        g.writeEndObject();
    }

    /** A user as Cloud (accountId) or Data Center (name/key) shows it; null writes JSON null. */
    static void user(JsonGenerator g, View v, SimAccount a) throws IOException {
        if (a == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        if (v.cloud()) {
            g.writeStringField("self", v.api("/user?accountId=" + a.accountId()));
            g.writeStringField("accountId", a.accountId());
            g.writeStringField("accountType", "atlassian");
        } else {
            g.writeStringField("self", v.api("/user?username=" + a.accountId()));
            g.writeStringField("name", a.accountId());
            g.writeStringField("key", a.accountId());
        }
        g.writeStringField("emailAddress", a.email());
        g.writeObjectFieldStart("avatarUrls");
        g.writeStringField("48x48", v.baseUrl() + "/secure/useravatar?size=large&ownerId=" + a.accountId());
        g.writeEndObject();
        g.writeStringField("displayName", a.displayName());
        g.writeBooleanField("active", true);
        g.writeStringField("timeZone", "UTC");
        if (v.cloud()) {
            g.writeStringField("locale", "en_US");
        }
        g.writeEndObject();
    }

    static void adf(JsonGenerator g, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "doc");
        g.writeNumberField("version", 1);
        g.writeArrayFieldStart("content");
        for (String paragraph : text.split("\n")) {
            g.writeStartObject();
            g.writeStringField("type", "paragraph");
            g.writeArrayFieldStart("content");
            if (!paragraph.isEmpty()) {
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", paragraph);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void changelog(JsonGenerator g, View v, SimIssue i) throws IOException {
        g.writeObjectFieldStart("changelog");
        g.writeNumberField("startAt", 0);
        g.writeNumberField("maxResults", i.histories.size());
        g.writeNumberField("total", i.histories.size());
        g.writeArrayFieldStart("histories");
        for (SimHistory h : i.histories) {
            history(g, v, h);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void history(JsonGenerator g, View v, SimHistory h) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", String.valueOf(h.id()));
        if (h.author() != null) {
            g.writeFieldName("author");
            user(g, v, v.store().account(h.author()));
        }
        g.writeStringField("created", timestamp(h.created()));
        items(g, h.items());
        if (h.historyMetadata() != null) {
            g.writeFieldName("historyMetadata");
            MAPPER.writeValue(g, h.historyMetadata());
        }
        g.writeEndObject();
    }

    static void items(JsonGenerator g, List<ChangeItem> items) throws IOException {
        g.writeArrayFieldStart("items");
        for (ChangeItem item : items) {
            g.writeStartObject();
            g.writeStringField("field", item.field());
            g.writeStringField("fieldtype", item.fieldtype());
            if (item.fieldId() != null) {
                g.writeStringField("fieldId", item.fieldId());
            }
            g.writeStringField("from", item.from());
            g.writeStringField("fromString", item.fromString());
            g.writeStringField("to", item.to());
            g.writeStringField("toString", item.toText());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The webhook body Jira sends: issue in v2 shape, {@code user} absent for system changes. */
    static byte[] webhookPayload(View v, String event, String typeName, SimAccount user, SimIssue issue, SimHistory history,
                                 Instant timestamp) {
        return bytes(g -> {
            g.writeStartObject();
            g.writeNumberField("timestamp", timestamp.toEpochMilli());
            g.writeStringField("webhookEvent", event);
            if (typeName != null) {
                g.writeStringField("issue_event_type_name", typeName);
            }
            if (user != null) {
                g.writeFieldName("user");
                user(g, v, user);
            }
            g.writeFieldName("issue");
            issue(g, v, issue, FieldSelection.ALL, false);
            if (history != null) {
                g.writeObjectFieldStart("changelog");
                g.writeStringField("id", String.valueOf(history.id()));
                items(g, history.items());
                if (history.historyMetadata() != null) {
                    g.writeFieldName("historyMetadata");
                    MAPPER.writeValue(g, history.historyMetadata());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    static void errorBody(JsonGenerator g, List<String> messages, Map<String, String> errors) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("errorMessages");
        for (String m : messages) {
            g.writeString(m);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("errors");
        for (Map.Entry<String, String> e : errors.entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
