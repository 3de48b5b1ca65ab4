package io.boxsync.connector.redmine;

import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.RemoteMetadata;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Redmine's issue relation types, as link types, and the names a field mapping may use for them. */
final class RedmineRelationTypes {
    /** The types Redmine stores (the reverse ones, e.g. {@code follows}, are stored flipped), with their phrasings. */
    static final List<RemoteMetadata.LinkType> LINK_TYPES = List.of(
            new RemoteMetadata.LinkType("precedes", "precedes", "precedes", "follows"),
            new RemoteMetadata.LinkType("blocks", "blocks", "blocks", "blocked by"),
            new RemoteMetadata.LinkType("relates", "relates", "related to", "related to"),
            new RemoteMetadata.LinkType("duplicates", "duplicates", "duplicates", "duplicated by"),
            new RemoteMetadata.LinkType("copied_to", "copied_to", "copied to", "copied from"));

    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("precedes", "precedes"), Map.entry("follows", "follows"),
            Map.entry("blocks", "blocks"), Map.entry("blocked", "blocked"), Map.entry("blocked_by", "blocked"),
            Map.entry("relates", "relates"), Map.entry("related_to", "relates"),
            Map.entry("duplicates", "duplicates"), Map.entry("duplicated", "duplicated"),
            Map.entry("duplicated_by", "duplicated"),
            Map.entry("copied_to", "copied_to"), Map.entry("copied_from", "copied_from"));

    private RedmineRelationTypes() {
    }

    /**
     * Redmine's {@code relation_type} for a link type name ("precedes", "Blocks", "blocked by", "copied to").
     *
     * @throws ConnectorException of kind CONFIGURATION for a name Redmine has no relation for
     */
    static String relationType(String linkTypeName) {
        String normalized = linkTypeName.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        String type = BY_NAME.get(normalized);
        if (type == null) {
            throw new ConnectorException(ConnectorException.Kind.CONFIGURATION, "Redmine has no relation type '"
                    + linkTypeName + "'; use one of precedes, follows, blocks, blocked, relates, duplicates, "
                    + "duplicated, copied_to, copied_from");
        }
        return type;
    }

    /** Whether Redmine keeps a delay (in days) for the type. */
    static boolean hasDelay(String relationType) {
        return relationType.equals("precedes") || relationType.equals("follows");
    }
}
