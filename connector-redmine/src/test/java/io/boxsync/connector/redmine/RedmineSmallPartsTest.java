package io.boxsync.connector.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.boxsync.connector.ConnectorException;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.PageToken;
import io.boxsync.connector.RemotePermission;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedmineSmallPartsTest {

    @Test
    void aPositionSurvivesItsPageToken() {
        RedminePosition position = new RedminePosition(2, 41, 100, 200, 1_790_000_000L, List.of(7L, 9L));

        assertThat(RedminePosition.fromToken(position.toToken())).isEqualTo(position);
        assertThat(RedminePosition.fromToken(RedminePosition.start(0, 5).toToken()).idsAtSecond()).isEmpty();
    }

    @Test
    void aForeignPageTokenIsAConfigurationError() {
        assertThatThrownBy(() -> RedminePosition.fromToken(new PageToken("startAt=50")))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION));
        assertThatThrownBy(() -> RedminePosition.fromToken(new PageToken("rm1;s=x")))
                .isInstanceOf(ConnectorException.class);
    }

    @Test
    void linkTypeNamesMapToRedmineRelationTypes() {
        assertThat(RedmineRelationTypes.relationType("Precedes")).isEqualTo("precedes");
        assertThat(RedmineRelationTypes.relationType("follows")).isEqualTo("follows");
        assertThat(RedmineRelationTypes.relationType("blocked by")).isEqualTo("blocked");
        assertThat(RedmineRelationTypes.relationType("copied to")).isEqualTo("copied_to");
        assertThat(RedmineRelationTypes.hasDelay("precedes")).isTrue();
        assertThat(RedmineRelationTypes.hasDelay("blocks")).isFalse();
        assertThatThrownBy(() -> RedmineRelationTypes.relationType("Cloners"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CONFIGURATION));
    }

    @Test
    void theDeveloperRoleMayScheduleAndLinkButTheReporterRoleMayOnlyBrowse() {
        JsonNode developer = Fixtures.json("debian-5.0.4-role-developer.json").path("role").path("permissions");
        List<String> permissions = new ArrayList<>();
        developer.forEach(p -> permissions.add(p.asText()));

        assertThat(RedminePermissions.forVisibleIssue(permissions, false)).containsExactlyInAnyOrder(
                RemotePermission.BROWSE, RemotePermission.EDIT, RemotePermission.SCHEDULE, RemotePermission.LINK,
                RemotePermission.TRANSITION);
        assertThat(RedminePermissions.forVisibleIssue(List.of("view_issues", "add_issues", "add_issue_notes"), false))
                .containsExactly(RemotePermission.BROWSE);
        assertThat(RedminePermissions.forVisibleIssue(List.of("view_issues", "edit_own_issues"), true))
                .contains(RemotePermission.SCHEDULE);
        assertThat(RedminePermissions.forVisibleIssue(List.of("view_issues", "edit_own_issues"), false))
                .doesNotContain(RemotePermission.SCHEDULE);
    }

    @Test
    void theCurrentUserFixtureNamesItsMembershipRoles() {
        JsonNode user = Fixtures.json("debian-5.0.4-current-user-with-memberships.json").path("user");

        assertThat(user.path("admin").asBoolean()).isFalse();
        assertThat(user.path("memberships").get(0).path("roles").get(0).path("name").asText()).isEqualTo("Reporter");
    }

    @Test
    void everyWebhookDeliveryIsRejectedAsMalformedBecauseRedmineSendsNone() {
        WebhookRequest delivery = new WebhookRequest(Map.of("Content-Type", "application/json"),
                "{\"issue\":{\"id\":1}}".getBytes(StandardCharsets.UTF_8), "https://boxsync.example/hooks/redmine");

        assertThatThrownBy(() -> new RedmineWebhookDecoder().verifyAndDecode(delivery))
                .isInstanceOfSatisfying(WebhookException.class,
                        e -> assertThat(e.reason()).isEqualTo(WebhookException.Reason.MALFORMED))
                .hasMessageContaining("polling");
    }

    @Test
    void issueKeysAreRedmineIssueNumbers() {
        assertThat(RedmineConnector.issueId(IssueKey.of("42"))).hasValue(42);
        assertThat(RedmineConnector.issueId(IssueKey.of("#42"))).hasValue(42);
        assertThat(RedmineConnector.issueId(IssueKey.of("PRJ-42"))).isEmpty();
        assertThat(RedmineConnector.issueId(IssueKey.of("0"))).isEmpty();
    }
}
