package io.boxsync.connector.trello;

import io.boxsync.connector.ConnectionKind;
import io.boxsync.connector.ConnectionSettings;
import io.boxsync.connector.Connector;
import io.boxsync.connector.FieldMapping;
import io.boxsync.connector.IssueKey;
import io.boxsync.connector.IterationRef;
import io.boxsync.connector.RemoteAccount;
import io.boxsync.connector.ScopeQuery;
import io.boxsync.connector.Secret;
import io.boxsync.connector.contract.ConnectorContract;
import io.boxsync.connector.contract.ToolFixture;
import io.boxsync.simulator.trello.BoardRole;
import io.boxsync.simulator.trello.TrelloFaults;
import io.boxsync.simulator.trello.TrelloSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector contract for Trello, against the Trello simulator: the permitted account is a normal board member,
 * the forbidden one an observer; each scope is a new board; the cadence is another list of that board; Trello has
 * no links, so link writes must be a CONFLICT.
 */
class TrelloContractIT extends ConnectorContract {

    @Override
    protected ToolFixture createFixture() {
        return new TrelloFixture();
    }

    private static final class TrelloFixture implements ToolFixture {
        private static final int PAGE_SIZE = 5;
        private static final Duration CALL_TIMEOUT = Duration.ofMillis(2500);

        private final TrelloSimulator sim = TrelloSimulator.start(0, new StrictlyIncreasingClock());
        private final TrelloSimulator.Seed seed = sim.seed(11, 0);
        private final RemoteAccount normal = account(seed.normalId(), seed.normalToken());
        private final RemoteAccount observer = account(seed.observerId(), seed.observerToken());
        private final TrelloConnector connector;
        private final Map<String, String> secondListOfBoard = new java.util.HashMap<>();
        private int boards;

        TrelloFixture() {
            ConnectionSettings settings = new ConnectionSettings(ConnectionKind.TRELLO, URI.create(sim.baseUrl()),
                    account(seed.adminId(), seed.adminToken()), Secret.of(sim.appSecret()),
                    new FieldMapping("", "", false, "", Map.of(), IterationRef.Kind.LIST), CALL_TIMEOUT, 2);
            connector = new TrelloConnector(settings, PAGE_SIZE);
        }

        private static RemoteAccount account(String id, String token) {
            return new RemoteAccount(id, TrelloSimulator.SEED_API_KEY, Secret.of(token));
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
            boards++;
            String board = String.format("%08x%016x", 0x6a000000 + boards, 11L);
            String todo = String.format("%08x%016x", 0x6b000000 + boards, 11L);
            String done = String.format("%08x%016x", 0x6c000000 + boards, 11L);
            sim.addBoard(board, "Contract board " + boards)
                    .addBoardMember(board, seed.adminId(), BoardRole.ADMIN)
                    .addBoardMember(board, seed.normalId(), BoardRole.NORMAL)
                    .addBoardMember(board, seed.observerId(), BoardRole.OBSERVER)
                    .addList(todo, board, "To Do")
                    .addList(done, board, "Done");
            secondListOfBoard.put(board, done);
            List<IssueKey> keys = new ArrayList<>();
            for (int i = 0; i < issues; i++) {
                keys.add(IssueKey.of(sim.createCard(seed.adminId(), todo, "Card " + i, Map.of())));
            }
            return new FixtureScope(new ScopeQuery(List.of(new ScopeQuery.Source(ScopeQuery.SourceKind.BOARD, board)),
                    ""), keys);
        }

        @Override
        public RemoteAccount permittedAccount() {
            return normal;
        }

        @Override
        public RemoteAccount forbiddenAccount() {
            return observer;
        }

        @Override
        public void touch(IssueKey key) {
            sim.updateCard(seed.adminId(), key.value(), Map.of("name", "Touched at " + System.nanoTime()));
        }

        @Override
        public Optional<IterationRef> iterationFor(FixtureScope scope) {
            String board = scope.query().sources().get(0).value();
            return Optional.of(new IterationRef(IterationRef.Kind.LIST, secondListOfBoard.get(board), "Done"));
        }

        @Override
        public Optional<String> linkType() {
            return Optional.empty();
        }

        @Override
        public IssueKey missingKey() {
            return IssueKey.of("0123456789abcdef01234567");
        }

        @Override
        public Optional<Faults> faults() {
            TrelloFaults f = sim.faults();
            return Optional.of(new Faults() {
                @Override
                public void rateLimitNext(int requests, int retryAfterSeconds) {
                    f.rateLimitNext(requests, retryAfterSeconds);
                }

                @Override
                public void failNext(int requests, int status) {
                    f.failNext(requests, status);
                }

                @Override
                public void resetNext(int requests) {
                    f.resetNext(requests);
                }

                @Override
                public void latency(Duration perRequest) {
                    f.latency(perRequest);
                }

                @Override
                public void clear() {
                    f.clear();
                }
            });
        }

        @Override
        public void close() {
            connector.close();
            sim.close();
        }
    }

    /** Wall-clock time that never repeats, so every change gets its own {@code dateLastActivity}. */
    private static final class StrictlyIncreasingClock extends Clock {
        private Instant last = Instant.EPOCH;

        @Override
        public synchronized Instant instant() {
            Instant now = Instant.now();
            last = now.isAfter(last.plusMillis(1)) ? now : last.plusMillis(1);
            return last;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
