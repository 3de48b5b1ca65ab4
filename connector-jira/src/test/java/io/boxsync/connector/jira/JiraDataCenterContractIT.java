package io.boxsync.connector.jira;

import io.boxsync.connector.contract.ConnectorContract;
import io.boxsync.connector.contract.ToolFixture;
import io.boxsync.simulator.jira.JiraSimulator;

/** The connector contract against the Jira Data Center simulator (REST v2, startAt paging). */
class JiraDataCenterContractIT extends ConnectorContract {
    @Override
    protected ToolFixture createFixture() {
        return new JiraSimulatorFixture(JiraSimulator.Flavour.DATA_CENTER);
    }
}
