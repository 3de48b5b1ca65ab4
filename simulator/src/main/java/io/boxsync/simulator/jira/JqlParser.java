package io.boxsync.simulator.jira;

import io.boxsync.simulator.jira.JqlAst.And;
import io.boxsync.simulator.jira.JqlAst.Clause;
import io.boxsync.simulator.jira.JqlAst.Empty;
import io.boxsync.simulator.jira.JqlAst.Function;
import io.boxsync.simulator.jira.JqlAst.ListOperand;
import io.boxsync.simulator.jira.JqlAst.Node;
import io.boxsync.simulator.jira.JqlAst.Not;
import io.boxsync.simulator.jira.JqlAst.Operand;
import io.boxsync.simulator.jira.JqlAst.Or;
import io.boxsync.simulator.jira.JqlAst.Query;
import io.boxsync.simulator.jira.JqlAst.Sort;
import io.boxsync.simulator.jira.JqlAst.Value;
import io.boxsync.simulator.jira.JqlLexer.Kind;
import io.boxsync.simulator.jira.JqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Recursive-descent parser for JQL: OR binds weaker than AND, NOT binds tightest, then ORDER BY. */
final class JqlParser {
    private static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "IN", "IS", "EMPTY", "NULL", "ORDER", "BY",
            "ASC", "DESC", "WAS", "CHANGED");

    private final List<Token> tokens;
    private int next;

    private JqlParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Query parse(String jql) {
        JqlParser parser = new JqlParser(JqlLexer.tokenize(jql == null ? "" : jql));
        return parser.query();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private Query query() {
        Node where = null;
        if (peek().kind() != Kind.EOF && !peek().isWord("ORDER")) {
            where = or();
        }
        List<Sort> sorts = new ArrayList<>();
        if (peek().isWord("ORDER")) {
            take();
            if (!peek().isWord("BY")) {
                throw JqlException.syntax("Expecting 'by' but got " + peek().shown() + ".", peek().position());
            }
            take();
            do {
                Token field = take();
                if (field.kind() != Kind.WORD && field.kind() != Kind.STRING) {
                    throw JqlException.syntax("Expecting a field name but got " + field.shown() + ".", field.position());
                }
                boolean ascending = true;
                if (peek().isWord("ASC")) {
                    take();
                } else if (peek().isWord("DESC")) {
                    take();
                    ascending = false;
                }
                sorts.add(new Sort(field.text(), ascending, field.position()));
            } while (peek().kind() == Kind.COMMA && take() != null);
        }
        if (peek().kind() != Kind.EOF) {
            throw JqlException.syntax("Expecting either 'OR' or 'AND' but got " + peek().shown() + ".", peek().position());
        }
        return new Query(where, sorts);
    }

    private Node or() {
        List<Node> children = new ArrayList<>(List.of(and()));
        while (peek().isWord("OR")) {
            take();
            children.add(and());
        }
        return children.size() == 1 ? children.get(0) : new Or(children);
    }

    private Node and() {
        List<Node> children = new ArrayList<>(List.of(not()));
        while (peek().isWord("AND")) {
            take();
            children.add(not());
        }
        return children.size() == 1 ? children.get(0) : new And(children);
    }

    private Node not() {
        if (peek().isWord("NOT")) {
            take();
            return new Not(not());
        }
        if (peek().kind() == Kind.LPAREN) {
            take();
            Node inner = or();
            expect(Kind.RPAREN, "')'");
            return inner;
        }
        return clause();
    }

    private Clause clause() {
        Token field = take();
        if (field.kind() == Kind.EOF) {
            throw JqlException.syntax("Expecting a field name but got end of query.", field.position());
        }
        if (!(field.kind() == Kind.STRING || (field.kind() == Kind.WORD && !RESERVED.contains(field.text().toUpperCase(Locale.ROOT))))) {
            throw JqlException.syntax("Expecting a field name but got " + field.shown() + ".", field.position());
        }
        String operator = operator();
        Operand operand = switch (operator) {
            case "IN", "NOT IN" -> listOrFunction();
            case "IS", "IS NOT" -> {
                Token t = take();
                if (!t.isWord("EMPTY") && !t.isWord("NULL")) {
                    throw JqlException.syntax("Expecting 'EMPTY' or 'NULL' but got " + t.shown() + ".", t.position());
                }
                yield new Empty();
            }
            default -> single();
        };
        return new Clause(field.text(), operator, operand, field.position());
    }

    private String operator() {
        Token t = take();
        if (t.kind() == Kind.OPERATOR) {
            return t.text();
        }
        if (t.isWord("IN")) {
            return "IN";
        }
        if (t.isWord("NOT") && peek().isWord("IN")) {
            take();
            return "NOT IN";
        }
        if (t.isWord("IS")) {
            if (peek().isWord("NOT")) {
                take();
                return "IS NOT";
            }
            return "IS";
        }
        if (t.isWord("WAS") || t.isWord("CHANGED")) {
            throw new JqlException("The operator '" + t.text().toLowerCase(Locale.ROOT)
                    + "' is not supported by the Boxsync Jira simulator; history searches are outside its JQL subset.");
        }
        throw JqlException.syntax("Expecting operator but got " + t.shown()
                + ". The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.",
                t.position());
    }

    private Operand listOrFunction() {
        if (peek().kind() == Kind.WORD && tokens.get(next + 1).kind() == Kind.LPAREN) {
            return single();
        }
        expect(Kind.LPAREN, "'('");
        List<Operand> values = new ArrayList<>();
        if (peek().kind() != Kind.RPAREN) {
            values.add(single());
            while (peek().kind() == Kind.COMMA) {
                take();
                values.add(single());
            }
        }
        expect(Kind.RPAREN, "')'");
        if (values.isEmpty()) {
            throw JqlException.syntax("Expecting a value but got ')'.", tokens.get(next - 1).position());
        }
        return new ListOperand(values);
    }

    private Operand single() {
        Token t = take();
        if (t.kind() == Kind.STRING) {
            return new Value(t.text(), true);
        }
        if (t.kind() != Kind.WORD) {
            throw JqlException.syntax("Expecting either a value, list or function but got " + t.shown() + ".", t.position());
        }
        if (t.isWord("EMPTY") || t.isWord("NULL")) {
            return new Empty();
        }
        if (RESERVED.contains(t.text().toUpperCase(Locale.ROOT))) {
            throw JqlException.syntax("Expecting either a value, list or function but got " + t.shown()
                    + ". You must surround '" + t.text() + "' in quotation marks to use it as a value.", t.position());
        }
        if (peek().kind() == Kind.LPAREN) {
            take();
            List<String> args = new ArrayList<>();
            while (peek().kind() != Kind.RPAREN) {
                Token arg = take();
                if (arg.kind() != Kind.WORD && arg.kind() != Kind.STRING) {
                    throw JqlException.syntax("Expecting ')' but got " + arg.shown() + ".", arg.position());
                }
                args.add(arg.text());
                if (peek().kind() == Kind.COMMA) {
                    take();
                }
            }
            take();
            return new Function(t.text(), args);
        }
        return new Value(t.text(), false);
    }

    private void expect(Kind kind, String shown) {
        Token t = take();
        if (t.kind() != kind) {
            throw JqlException.syntax("Expecting " + shown + " but got " + t.shown() + ".", t.position());
        }
    }
}
