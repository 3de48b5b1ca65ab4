package io.boxsync.connector.redmine;

import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.contract.ConnectorContract;
import io.boxsync.connector.contract.ToolFixture;
import io.boxsync.connector.http.ConnectorHttpClient;
import io.boxsync.connector.http.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared connector contract against the real Redmine, through a {@link FaultProxy} so the fault cases run too.
 * Skipped when no Redmine is configured (see {@link RedmineAdmin#connectOrSkip()}).
 */
class RedmineContractIT extends ConnectorContract {

    @Override
    protected ToolFixture createFixture() {
        return new RedmineFixture(RedmineAdmin.connectOrSkip());
    }

    /** Projects with a Developer (permitted) and a Reporter (forbidden) member, created per scope. */
    static final class RedmineFixture implements ToolFixture {
        private static final int PAGE_SIZE = 5;
        private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

        private final RedmineAdmin redmine;
        private final FaultProxy proxy;
        private final Connector connector;
        private final RemoteAccount developer;
        private final RemoteAccount reporter;
        private final List<String> projects = new ArrayList<>();
        private Instant lastChange = Instant.EPOCH;

        RedmineFixture(RedmineAdmin redmine) {
            this.redmine = redmine;
            this.proxy = new FaultProxy(redmine.url);
            ConnectionSettings direct = redmine.settings();
            ConnectionSettings viaProxy = new ConnectionSettings(direct.kind(), proxy.url(), direct.technicalUser(),
                    null, direct.fieldMapping(), CALL_TIMEOUT, 2);
            ConnectorHttpClient http = ConnectorHttpClient.builder().connection("redmine-contract")
                    .timeout(CALL_TIMEOUT).retryPolicy(RetryPolicy.standard(2)).build();
            this.connector = new RedmineConnector(viaProxy, http, Clock.systemUTC(), PAGE_SIZE);
            this.developer = redmine.createUser(RedmineAdmin.unique("cdev"));
            this.reporter = redmine.createUser(RedmineAdmin.unique("crep"));
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
            String project = RedmineAdmin.unique("bxc");
            redmine.createProject(project, false);
            projects.add(project);
            redmine.addMember(project, developer, "Developer");
            redmine.addMember(project, reporter, "Reporter");
            List<Long> ids = redmine.createIssues(project, "contract", issues, Map.of());
            lastChange = Instant.now();
            return new FixtureScope(ScopeQuery.ofProjects(project),
                    ids.stream().map(id -> IssueKey.of(Long.toString(id))).toList());
        }

        @Override
        public RemoteAccount permittedAccount() {
            return developer;
        }

        @Override
        public RemoteAccount forbiddenAccount() {
            return reporter;
        }

        @Override
        public void touch(IssueKey key) {
            // Redmine stamps updates to the second: wait for a later second than any change made so far.
            long waitMillis = (lastChange.getEpochSecond() + 1) * 1000 - System.currentTimeMillis() + 50;
            if (waitMillis > 0) {
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            redmine.updateIssue(Long.parseLong(key.value()), Map.of("subject", "touched at " + Instant.now()));
            lastChange = Instant.now();
        }

        @Override
        public Optional<IterationRef> iterationFor(FixtureScope scope) {
            String project = scope.query().sources().get(0).value();
            long version = redmine.createVersion(project, "v-" + RedmineAdmin.unique("c"));
            return Optional.of(new IterationRef(IterationRef.Kind.VERSION, Long.toString(version), ""));
        }

        @Override
        public Optional<String> linkType() {
            return Optional.of("blocks");
        }

        @Override
        public IssueKey missingKey() {
            return IssueKey.of("999999999");
        }

        @Override
        public Optional<Faults> faults() {
            return Optional.of(proxy);
        }

        @Override
        public void close() {
            connector.close();
            proxy.close();
            projects.forEach(redmine::deleteProject);
        }
    }
}
