package io.boxsync.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * The module and package rules of Boxsync, each with its reason. {@link ArchitectureTest} checks them against
 * the production classes of every module; {@link RulesCatchViolationsTest} proves they fail on a violation.
 */
final class BoxsyncRules {

    private BoxsyncRules() {
    }

    static final String CORE = "io.boxsync.core..";
    static final String CONNECTOR_API = "io.boxsync.connector";
    static final String STORAGE = "io.boxsync.storage..";
    static final String SERVER = "io.boxsync.server..";
    static final String SIMULATOR = "io.boxsync.simulator..";
    static final String[] CONNECTORS = {
        "io.boxsync.connector.http..", "io.boxsync.connector.jira..", "io.boxsync.connector.trello..",
        "io.boxsync.connector.redmine.."
    };
    private static final String[] JDK = {"java..", "javax.annotation..", "javax.crypto..", "javax.net..", "javax.sql.."};

    static final ArchRule CORE_DEPENDS_ON_JDK_AND_CONNECTOR_API_ONLY = classes()
            .that().resideInAPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, CORE, CONNECTOR_API))
            .because("the sync engine must be testable with in-memory fakes and must not care how data is stored,"
                    + " served or fetched: everything outside reaches it through its ports")
            .allowEmptyShould(true);

    static final ArchRule CONNECTOR_API_DEPENDS_ON_JDK_ONLY = classes()
            .that().resideInAPackage(CONNECTOR_API)
            .should().onlyDependOnClassesThat().resideInAnyPackage(concat(JDK, CONNECTOR_API))
            .because("the connector SPI is the contract every tool implements; a library in it would be forced on"
                    + " every connector and every user of the SPI")
            .allowEmptyShould(true);

    static final ArchRule CONNECTORS_NEVER_SEE_BOXES_OR_STORAGE = noClasses()
            .that().resideInAnyPackage(CONNECTORS)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, STORAGE, SERVER, SIMULATOR)
            .because("a connector talks to one tool through the SPI; Boxes, tasks and persistence are the engine's"
                    + " business, and the simulator is only a test double")
            .allowEmptyShould(true);

    static final ArchRule SIMULATOR_IS_STANDALONE = noClasses()
            .that().resideInAPackage(SIMULATOR)
            .should().dependOnClassesThat(resideInAPackage("io.boxsync..").and(not(resideInAPackage(SIMULATOR))))
            .because("the simulators reproduce the tools from their public API documentation; sharing Boxsync's"
                    + " code would let a connector bug hide behind the same bug in its fake")
            .allowEmptyShould(true);

    static final ArchRule ONLY_THE_SERVER_USES_STORAGE = noClasses()
            .that().resideOutsideOfPackages(SERVER, STORAGE)
            .and().resideInAPackage("io.boxsync..")
            .should().dependOnClassesThat().resideInAPackage(STORAGE)
            .because("storage sits behind the core's ports; only the server wires the PostgreSQL implementation in")
            .allowEmptyShould(true);

    static final ArchRule ONLY_THE_SERVER_AND_CONNECTORS_USE_THE_HTTP_CLIENT = noClasses()
            .that().resideOutsideOfPackages(concat(CONNECTORS, SERVER))
            .and().resideInAPackage("io.boxsync..")
            .should().dependOnClassesThat().resideInAPackage("io.boxsync.connector.http..")
            .because("connector-http is the connectors' shared outbound HTTP; the engine sees tools only through"
                    + " the SPI")
            .allowEmptyShould(true);

    static final ArchRule ONLY_THE_SERVER_USES_TOOL_CONNECTORS = CompositeArchRule
            .of(onlyTheServerUses("io.boxsync.connector.jira.."))
            .and(onlyTheServerUses("io.boxsync.connector.trello.."))
            .and(onlyTheServerUses("io.boxsync.connector.redmine.."));

    static final ArchRule NOTHING_DEPENDS_ON_THE_SERVER = noClasses()
            .that().resideOutsideOfPackage(SERVER)
            .and().resideInAPackage("io.boxsync..")
            .should().dependOnClassesThat().resideInAPackage(SERVER)
            .because("the server is the one place where everything is wired together; a module that reaches into it"
                    + " creates a cycle")
            .allowEmptyShould(true);

    private static ArchRule onlyTheServerUses(String connector) {
        return noClasses()
                .that().resideOutsideOfPackages(SERVER, connector)
                .and().resideInAPackage("io.boxsync..")
                .should().dependOnClassesThat().resideInAPackage(connector)
                .because("connectors are found through the ServiceLoader SPI; only the server may name an"
                        + " implementation")
                .allowEmptyShould(true);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
