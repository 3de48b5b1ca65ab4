package io.boxsync.connector;

import java.util.List;
import java.util.Objects;

/**
 * What a tool offers to plan with, loaded on the first start (S1) and on an admin's refresh.
 *
 * @param projects   projects or boards: id, key, name
 * @param fields     fields usable in the field mapping (id, name, type), including the start-date custom field
 * @param linkTypes  link types (name, outward, inward)
 * @param iterations sprints, versions or lists
 * @param users      accounts the technical user can see
 */
public record RemoteMetadata(
        List<Item> projects,
        List<Item> fields,
        List<LinkType> linkTypes,
        List<IterationRef> iterations,
        List<Item> users) {

    /** A named thing of the tool. {@code detail} holds a type or extra label, may be empty. */
    public record Item(String id, String key, String name, String detail) {
        public Item {
            Objects.requireNonNull(id, "id");
            key = key == null ? "" : key;
            name = name == null ? "" : name;
            detail = detail == null ? "" : detail;
        }
    }

    /** A link type with its two phrasings. */
    public record LinkType(String id, String name, String outward, String inward) {
        public LinkType {
            Objects.requireNonNull(name, "name");
        }
    }

    public RemoteMetadata {
        projects = List.copyOf(projects);
        fields = List.copyOf(fields);
        linkTypes = List.copyOf(linkTypes);
        iterations = List.copyOf(iterations);
        users = List.copyOf(users);
    }
}
