package io.boxsync.connector.redmine;

import io.boxsync.connector.RemotePermission;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** Maps Redmine role permissions (e.g. {@code edit_issues}) to Boxsync's {@link RemotePermission}s. Pure. */
final class RedminePermissions {
    private RedminePermissions() {
    }

    /**
     * What an account may do to one visible issue.
     *
     * @param rolePermissions the union of the permission names of the account's roles in the issue's project
     * @param isAuthor        whether the account wrote the issue ({@code edit_own_issues} then counts as edit)
     */
    static Set<RemotePermission> forVisibleIssue(Collection<String> rolePermissions, boolean isAuthor) {
        Set<RemotePermission> granted = EnumSet.of(RemotePermission.BROWSE);
        boolean edit = rolePermissions.contains("edit_issues")
                || (isAuthor && rolePermissions.contains("edit_own_issues"));
        if (edit) {
            granted.add(RemotePermission.EDIT);
            granted.add(RemotePermission.SCHEDULE);
            granted.add(RemotePermission.TRANSITION);
        }
        if (rolePermissions.contains("manage_issue_relations")) {
            granted.add(RemotePermission.LINK);
        }
        return granted;
    }

    /** Redmine administrators may do everything to any issue they can see. */
    static Set<RemotePermission> forAdministrator() {
        return EnumSet.allOf(RemotePermission.class);
    }

    /** The Redmine permission behind a Boxsync permission, for messages. */
    static String redmineName(RemotePermission permission) {
        return switch (permission) {
            case BROWSE -> "view_issues";
            case EDIT, SCHEDULE, TRANSITION -> "edit_issues";
            case LINK -> "manage_issue_relations";
        };
    }
}
