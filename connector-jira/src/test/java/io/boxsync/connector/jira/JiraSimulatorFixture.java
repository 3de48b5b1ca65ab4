package io.boxsync.connector.jira;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.connector.contract.ToolFixture;
import io.boxsync.simulator.jira.JiraSimulator;
import io.boxsync.simulator.jira.JiraSimulator.Permission;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** The connector contract's fixture on a {@link JiraSimulator} of either flavour, over real HTTP. */
final class JiraSimulatorFixture implements ToolFixture {
    static final int PAGE_SIZE = 5;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final JiraSimulator sim;
    private final JiraConnector connector;
    private final RemoteAccount planner;
    private final RemoteAccount viewer;
    private final AtomicInteger projects = new AtomicInteger();
    private final AtomicInteger touches = new AtomicInteger();
    private final Map<String, IterationRef> sprintOfProject = new HashMap<>();

    JiraSimulatorFixture(JiraSimulator.Flavour flavour) {
        sim = JiraSimulator.start(flavour, 0);
        boolean cloud = flavour == JiraSimulator.Flavour.CLOUD;
        sim.addAccount("planner", "Pat Planner", "planner@example.com", "planner-token");
        sim.addAccount("viewer", "Vic Viewer", "viewer@example.com", "viewer-token");
        planner = new RemoteAccount("planner", cloud ? "planner@example.com" : "", Secret.of("planner-token"));
        viewer = new RemoteAccount("viewer", cloud ? "viewer@example.com" : "", Secret.of("viewer-token"));
        ConnectionSettings settings = new ConnectionSettings(cloud ? ConnectionKind.JIRA_CLOUD : ConnectionKind.JIRA_DC,
                sim.baseUrl(), planner, null, FieldMapping.jiraDefaults("customfield_10015"), CALL_TIMEOUT, 2);
        connector = new JiraConnector(settings, JiraConnector.Options.defaults().withPageSize(PAGE_SIZE));
    }

    JiraSimulator simulator() {
        return sim;
    }

    @Override
    public Connector connector() {
        return connector;
    }

    @Override
    public int pageSize() {
        return PAGE_SIZE;
    }

    @Override
    public Duration callTimeout() {
        return CALL_TIMEOUT;
    }

    @Override
    public FixtureScope createScope(int issues) {
        String project = "CT" + projects.incrementAndGet();
        sim.addProject(project, "Contract " + project);
        sim.grant("planner", project, Permission.values());
        sim.grant("viewer", project, Permission.BROWSE);
        String sprintId = sim.addSprint(sim.boardId(project), project + " sprint 1", "active",
                LocalDate.of(2027, 1, 4), LocalDate.of(2027, 1, 15));
        sprintOfProject.put(project, new IterationRef(IterationRef.Kind.SPRINT, sprintId, project + " sprint 1"));
        List<IssueKey> keys = new ArrayList<>();
        for (int i = 1; i <= issues; i++) {
            keys.add(IssueKey.of(sim.createIssue(null, project, "Task", "Issue " + i, Map.of())));
        }
        return new FixtureScope(ScopeQuery.ofProjects(project), keys);
    }

    @Override
    public RemoteAccount permittedAccount() {
        return planner;
    }

    @Override
    public RemoteAccount forbiddenAccount() {
        return viewer;
    }

    @Override
    public void touch(IssueKey key) {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sim.updateIssue(null, key.value(), Map.of("summary", "touched " + touches.incrementAndGet()));
    }

    @Override
    public Optional<IterationRef> iterationFor(FixtureScope scope) {
        return Optional.ofNullable(sprintOfProject.get(scope.query().sources().get(0).value()));
    }

    @Override
    public Optional<String> linkType() {
        return Optional.of("Blocks");
    }

    @Override
    public IssueKey missingKey() {
        return IssueKey.of("CT1-99999");
    }

    @Override
    public Optional<Faults> faults() {
        JiraSimulator.Faults faults = sim.faults();
        return Optional.of(new Faults() {
            @Override
            public void rateLimitNext(int requests, int retryAfterSeconds) {
                faults.rateLimitNext(requests, retryAfterSeconds);
            }

            @Override
            public void failNext(int requests, int status) {
                faults.failNext(requests, status);
            }

            @Override
            public void resetNext(int requests) {
                faults.resetNext(requests);
            }

            @Override
            public void latency(Duration perRequest) {
                faults.latency(perRequest);
            }

            @Override
            public void clear() {
                faults.clear();
            }
        });
    }

    @Override
    public void close() {
        connector.close();
        sim.close();
    }
}
