package io.boxsync.core.domain;

import java.util.Objects;

/**
 * One level-maker of a Box's work breakdown structure. A Box's builders are ordered: the first makes the top level,
 * and when two builders would place a task differently, the earlier one wins.
 *
 * @param kind     what groups or nests tasks
 * @param linkType for {@link Kind#LINK}: the tool link type whose outward issue becomes the parent; else empty
 */
public record WbsBuilder(Kind kind, String linkType) {

    /** The ways tasks can be grouped or nested. */
    public enum Kind {
        /** One group per project. */
        PROJECT,
        /** One group per version (fixVersion, Redmine version). */
        VERSION,
        /** One group per component. */
        COMPONENT,
        /** One group per sprint. */
        SPRINT,
        /** Stories under their epic. */
        EPIC,
        /** Sub-tasks and children under their parent issue. */
        PARENT,
        /** Inward issues under the outward issue of a link type. */
        LINK
    }

    public WbsBuilder {
        Objects.requireNonNull(kind, "kind");
        linkType = linkType == null ? "" : linkType;
        if (kind == Kind.LINK && linkType.isBlank()) {
            throw new IllegalArgumentException("a LINK builder names its link type");
        }
    }

    public static WbsBuilder of(Kind kind) {
        return new WbsBuilder(kind, "");
    }

    public static WbsBuilder link(String linkType) {
        return new WbsBuilder(Kind.LINK, linkType);
    }
}
