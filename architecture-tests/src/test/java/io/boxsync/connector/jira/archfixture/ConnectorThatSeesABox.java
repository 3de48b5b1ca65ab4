package io.boxsync.connector.jira.archfixture;

import io.boxsync.core.domain.BoxId;

/** Test-only fixture: a connector class that knows Boxes, which the rules forbid. */
public final class ConnectorThatSeesABox {
    public String describe(BoxId box) {
        return "box " + box;
    }
}
