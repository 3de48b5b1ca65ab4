package io.boxsync.simulator.jira;

import java.util.List;

/** The parsed form of a JQL query. */
final class JqlAst {
    private JqlAst() {
    }

    record Query(Node where, List<Sort> orderBy) {
    }

    record Sort(String field, boolean ascending, int position) {
    }

    sealed interface Node permits And, Or, Not, Clause {
    }

    record And(List<Node> children) implements Node {
    }

    record Or(List<Node> children) implements Node {
    }

    record Not(Node child) implements Node {
    }

    /** {@code field operator operand}; operator is upper case ("=", "IN", "NOT IN", "IS", "IS NOT", ...). */
    record Clause(String field, String operator, Operand operand, int position) implements Node {
    }

    sealed interface Operand permits Value, ListOperand, Function, Empty {
    }

    record Value(String text, boolean quoted) implements Operand {
    }

    record ListOperand(List<Operand> values) implements Operand {
    }

    record Function(String name, List<String> args) implements Operand {
    }

    record Empty() implements Operand {
    }
}
