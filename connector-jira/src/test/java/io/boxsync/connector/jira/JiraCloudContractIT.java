package io.boxsync.connector.jira;

import io.boxsync.connector.contract.ConnectorContract;
import io.boxsync.connector.contract.ToolFixture;
import io.boxsync.simulator.jira.JiraSimulator;

/** The connector contract against the Jira Cloud simulator (REST v3, token paging). */
class JiraCloudContractIT extends ConnectorContract {
    @Override
    protected ToolFixture createFixture() {
        return new JiraSimulatorFixture(JiraSimulator.Flavour.CLOUD);
    }
}
