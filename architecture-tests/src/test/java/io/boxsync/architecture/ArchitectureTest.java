package io.boxsync.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the rules of {@link BoxsyncRules} against the production classes of every Boxsync module. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("io.boxsync");
    }

    @Test
    void everyModuleIsOnTheClasspath() {
        assertThat(production.containPackage("io.boxsync.server")).isTrue();
        assertThat(production.containPackage("io.boxsync.connector")).isTrue();
        assertThat(production.containPackage("io.boxsync.storage")).isTrue();
    }

    @Test
    void coreDependsOnTheJdkAndTheConnectorApiOnly() {
        BoxsyncRules.CORE_DEPENDS_ON_JDK_AND_CONNECTOR_API_ONLY.check(production);
    }

    @Test
    void connectorApiDependsOnTheJdkOnly() {
        BoxsyncRules.CONNECTOR_API_DEPENDS_ON_JDK_ONLY.check(production);
    }

    @Test
    void connectorsNeverSeeBoxesNorStorage() {
        BoxsyncRules.CONNECTORS_NEVER_SEE_BOXES_OR_STORAGE.check(production);
    }

    @Test
    void theSimulatorDependsOnNoOtherBoxsyncModule() {
        BoxsyncRules.SIMULATOR_IS_STANDALONE.check(production);
    }

    @Test
    void onlyTheServerUsesStorage() {
        BoxsyncRules.ONLY_THE_SERVER_USES_STORAGE.check(production);
    }

    @Test
    void onlyConnectorsAndTheServerUseTheSharedHttpClient() {
        BoxsyncRules.ONLY_THE_SERVER_AND_CONNECTORS_USE_THE_HTTP_CLIENT.check(production);
    }

    @Test
    void onlyTheServerNamesAToolConnector() {
        BoxsyncRules.ONLY_THE_SERVER_USES_TOOL_CONNECTORS.check(production);
    }

    @Test
    void nothingDependsOnTheServer() {
        BoxsyncRules.NOTHING_DEPENDS_ON_THE_SERVER.check(production);
    }
}
