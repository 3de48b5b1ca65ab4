package io.boxsync.simulator.jira;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class JqlProperties {
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
    private static final JiraStore STORE = site();

    private static JiraStore site() {
        JiraStore store = new JiraStore();
        store.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        store.addProject("AA", "A");
        store.addProject("BB", "B");
        store.addAccount("u1", "U1", "u1@example.com", "t1", false);
        store.addAccount("u2", "U2", "u2@example.com", "t2", false);
        String[] types = {"Story", "Task", "Bug", "Epic"};
        String[] statuses = {"To Do", "In Progress", "Done"};
        for (int n = 0; n < 60; n++) {
            int k = n;
            store.insertSeeded(store.projects.get(n % 3 == 0 ? "BB" : "AA"), types[n % 4], "Issue " + n,
                    Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * 7 * n),
                    Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * 9 * n + 59), i -> {
                        i.status = statuses[k % 3];
                        i.assignee = k % 5 == 0 ? null : (k % 2 == 0 ? "u1" : "u2");
                        if (k % 4 == 1) {
                            i.labels.add("red");
                        }
                        if (k % 6 == 2) {
                            i.labels.add("blue");
                        }
                        if (k % 7 != 3) {
                            i.dueDate = LocalDate.of(2026, 11, 1).plusDays(k % 40);
                        }
                    });
        }
        return store;
    }

    private static Set<String> run(String jql) {
        JqlEvaluator.Compiled compiled = JqlEvaluator.compile(jql, STORE, null, NOW);
        Set<String> keys = new LinkedHashSet<>();
        STORE.issues.values().stream().filter(compiled.filter()).sorted(compiled.order()).forEach(i -> keys.add(i.key));
        return keys;
    }

    @Provide
    Arbitrary<String> clause() {
        Arbitrary<String> project = Arbitraries.of("AA", "BB").map(p -> "project = " + p);
        Arbitrary<String> status = Arbitraries.of("'To Do'", "'In Progress'", "Done").map(s -> "status != " + s);
        Arbitrary<String> type = Arbitraries.of("Story", "Task", "Bug", "Epic").list().ofMinSize(1).ofMaxSize(3)
                .map(l -> "issuetype in (" + String.join(", ", l) + ")");
        Arbitrary<String> assignee = Arbitraries.of("assignee = u1", "assignee is EMPTY", "assignee not in (u2)", "assignee in (u2, EMPTY)");
        Arbitrary<String> labels = Arbitraries.of("labels = red", "labels != blue", "labels is not EMPTY", "labels in (red, blue)");
        Arbitrary<String> dates = Combinators.combine(Arbitraries.of("created", "updated", "duedate"),
                        Arbitraries.of(">=", "<", "<=", ">"), Arbitraries.integers().between(0, 30))
                .as((f, op, day) -> f + " " + op + " '2026-11-" + String.format("%02d", day + 1) + " 10:00'");
        Arbitrary<String> keys = Combinators.combine(Arbitraries.of(">", ">=", "<", "<="), Arbitraries.integers().between(1, 40))
                .as((op, n) -> "key " + op + " AA-" + n);
        return Arbitraries.oneOf(project, status, type, assignee, labels, dates, keys);
    }

    @Property(tries = 200)
    void notIsTheComplementOfItsClause(@ForAll("clause") String clause) {
        Set<String> all = run("");
        Set<String> matching = run(clause);
        Set<String> negated = run("NOT (" + clause + ")");
        Set<String> overlap = new LinkedHashSet<>(negated);
        overlap.retainAll(matching);
        assertThat(overlap).isEmpty();
        Set<String> union = new LinkedHashSet<>(matching);
        union.addAll(negated);
        assertThat(union).isEqualTo(all);
    }

    @Property(tries = 200)
    void andIsIntersectionAndOrIsUnion(@ForAll("clause") String left, @ForAll("clause") String right) {
        Set<String> a = run(left);
        Set<String> b = run(right);
        Set<String> both = new LinkedHashSet<>(a);
        both.retainAll(b);
        Set<String> either = new LinkedHashSet<>(a);
        either.addAll(b);
        assertThat(run("(" + left + ") AND (" + right + ")")).isEqualTo(both);
        assertThat(run(left + " OR " + right)).isEqualTo(either);
    }

    @Property(tries = 100)
    void orderByUpdatedAscendingIsSortedAndLosesNothing(@ForAll("clause") String clause) {
        List<String> ordered = List.copyOf(run(clause + " ORDER BY updated ASC"));
        assertThat(Set.copyOf(ordered)).isEqualTo(run(clause));
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(STORE.issues.get(ordered.get(i - 1)).updated).isBeforeOrEqualTo(STORE.issues.get(ordered.get(i)).updated);
        }
    }

    @Property(tries = 300)
    void arbitraryTextIsEitherAQueryOrAJqlErrorNeverACrash(@ForAll("noise") String text) {
        try {
            run(text);
        } catch (JqlException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> noise() {
        Arbitrary<String> tokens = Arbitraries.of("project", "=", "AA", "(", ")", "AND", "OR", "NOT", "in", ",", "'", "\"",
                "is", "EMPTY", "ORDER", "BY", "key", "DESC", "!=", ">=", "-5m", "openSprints()", "cf[10015]", "[", "~", "&&", "||", "!");
        return tokens.list().ofMaxSize(10).map(l -> String.join(" ", l));
    }
}
