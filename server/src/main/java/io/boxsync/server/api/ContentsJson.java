package io.boxsync.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.boxsync.connector.IterationRef;
import io.boxsync.core.domain.BoxId;
import io.boxsync.core.domain.ConnectionId;
import io.boxsync.core.domain.Dependency;
import io.boxsync.core.domain.Iteration;
import io.boxsync.core.domain.WbsNode;
import io.boxsync.core.port.BoxContentsReader.TaskRow;
import io.boxsync.core.port.Stores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.TreeSet;

/**
 * Writes a Box's contents as JSON straight from the rows the stores read, without building views first: the same
 * document {@link Views.Contents} gives through the API's mapper (same fields, order, nulls and date format), at a
 * fraction of the time and garbage for a Box of thousands of tasks. Stateless and thread-safe.
 */
final class ContentsJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ContentsJson() {
    }

    /** The contents of the Box as UTF-8 JSON; reads through {@code stores}, so call it inside the transaction. */
    static byte[] write(Stores stores, BoxId box) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("tasks");
            TreeSet<Long> connections = new TreeSet<>();
            stores.contentsReader().tasks(box, task -> {
                if (task.connectionId() != null) {
                    connections.add(task.connectionId());
                }
                task(json, task);
            });
            json.writeEndArray();
            json.writeArrayFieldStart("wbs");
            for (WbsNode node : stores.contents().wbs(box)) {
                wbsNode(json, node);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("dependencies");
            for (Dependency d : stores.dependencies().ofBox(box)) {
                dependency(json, d);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("iterations");
            for (long connection : connections) {
                for (Iteration i : stores.iterations().of(ConnectionId.of(connection))) {
                    iteration(json, i);
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void task(JsonGenerator json, TaskRow t) {
        try {
            json.writeStartObject();
            json.writeNumberField("id", t.id());
            number(json, "connectionId", t.connectionId());
            json.writeStringField("key", t.key());
            json.writeStringField("summary", t.summary());
            json.writeStringField("projectKey", t.projectKey());
            json.writeStringField("issueType", t.issueType());
            json.writeStringField("status", t.status());
            json.writeStringField("statusCategory", t.statusCategory());
            json.writeStringField("assigneeId", t.assigneeId());
            json.writeStringField("assigneeName", t.assigneeName());
            date(json, "start", t.start());
            date(json, "end", t.end());
            number(json, "estimateSeconds", t.estimateSeconds());
            json.writeFieldName("storyPoints");
            if (t.storyPoints() == null) {
                json.writeNull();
            } else {
                json.writeNumber(t.storyPoints());
            }
            json.writeArrayFieldStart("iterations");
            for (IterationRef ref : t.iterations()) {
                json.writeStartObject();
                json.writeStringField("kind", ref.kind().name());
                json.writeStringField("id", ref.id());
                json.writeStringField("name", ref.name());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("parentKey", t.parentKey());
            json.writeStringField("epicKey", t.epicKey());
            json.writeStringField("mode", t.mode());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void wbsNode(JsonGenerator json, WbsNode n) throws IOException {
        json.writeStartObject();
        json.writeStringField("nodeId", n.nodeId());
        json.writeStringField("parentId", n.parentId());
        json.writeNumberField("position", n.position());
        number(json, "taskId", n.task() == null ? null : n.task().value());
        json.writeStringField("groupKind", n.groupKind() == null ? null : n.groupKind().name());
        json.writeStringField("label", n.label());
        json.writeEndObject();
    }

    private static void dependency(JsonGenerator json, Dependency d) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", d.id().value());
        json.writeNumberField("from", d.from().value());
        json.writeNumberField("to", d.to().value());
        json.writeStringField("type", d.type().name());
        json.writeBooleanField("strong", d.strong());
        json.writeNumberField("lagDays", d.lagDays());
        json.writeEndObject();
    }

    private static void iteration(JsonGenerator json, Iteration i) throws IOException {
        json.writeStartObject();
        json.writeNumberField("connectionId", i.connection().value());
        json.writeStringField("kind", i.ref().kind().name());
        json.writeStringField("id", i.ref().id());
        json.writeStringField("name", i.ref().name());
        date(json, "start", i.start());
        date(json, "end", i.end());
        json.writeStringField("state", i.state());
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String field, Long value) throws IOException {
        json.writeFieldName(field);
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value);
        }
    }

    private static void date(JsonGenerator json, String field, LocalDate value) throws IOException {
        // as the API's JavaTimeModule writes a LocalDate: ISO-8601 text
        json.writeStringField(field, value == null ? null : value.toString());
    }
}
