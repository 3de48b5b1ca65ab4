package io.boxsync.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import io.boxsync.connector.jira.archfixture.ConnectorThatSeesABox;
import io.boxsync.core.archfixture.CoreClassThatReachesIntoStorage;
import io.boxsync.simulator.archfixture.SimulatorThatUsesTheConnectorApi;
import org.junit.jupiter.api.Test;

/**
 * Proves the rules can fail: each is evaluated against a small test-only class that breaks it on purpose.
 */
class RulesCatchViolationsTest {

    private static JavaClasses only(Class<?> fixture) {
        return new ClassFileImporter().importClasses(fixture);
    }

    @Test
    void aCoreClassThatUsesStorageBreaksTheCoreRuleWithItsReason() {
        EvaluationResult result = BoxsyncRules.CORE_DEPENDS_ON_JDK_AND_CONNECTOR_API_ONLY
                .evaluate(only(CoreClassThatReachesIntoStorage.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("CoreClassThatReachesIntoStorage")
                .contains("io.boxsync.storage.Database")
                .contains("because the sync engine must be testable");
    }

    @Test
    void aCoreClassThatUsesStorageAlsoBreaksTheStorageRule() {
        assertThatThrownBy(() -> BoxsyncRules.ONLY_THE_SERVER_USES_STORAGE
                .check(only(CoreClassThatReachesIntoStorage.class)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("only the server wires the PostgreSQL implementation in");
    }

    @Test
    void aConnectorThatKnowsBoxesBreaksTheConnectorRule() {
        EvaluationResult result = BoxsyncRules.CONNECTORS_NEVER_SEE_BOXES_OR_STORAGE
                .evaluate(only(ConnectorThatSeesABox.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("io.boxsync.core.domain.BoxId");
    }

    @Test
    void aSimulatorThatBorrowsBoxsyncCodeBreaksTheSimulatorRule() {
        EvaluationResult result = BoxsyncRules.SIMULATOR_IS_STANDALONE
                .evaluate(only(SimulatorThatUsesTheConnectorApi.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("io.boxsync.connector.IssueKey");
    }

    @Test
    void aRuleAbidingClassPasses() {
        assertThat(BoxsyncRules.CORE_DEPENDS_ON_JDK_AND_CONNECTOR_API_ONLY
                .evaluate(only(io.boxsync.core.domain.BoxId.class)).hasViolation()).isFalse();
    }
}
