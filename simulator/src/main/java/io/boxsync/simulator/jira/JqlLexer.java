package io.boxsync.simulator.jira;

import java.util.ArrayList;
import java.util.List;

/** Splits JQL into tokens: words, quoted strings, operators, parentheses and commas. */
final class JqlLexer {
    enum Kind { WORD, STRING, OPERATOR, LPAREN, RPAREN, COMMA, EOF }

    record Token(Kind kind, String text, int position) {
        boolean isWord(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        String shown() {
            return kind == Kind.EOF ? "end of query" : "'" + text + "'";
        }
    }

    private static final String WORD_STOPS = " \t\r\n()=,!<>~\"'&|[]{}";

    private JqlLexer() {
    }

    static List<Token> tokenize(String jql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = jql.length();
        while (i < n) {
            char c = jql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "(", i++));
            } else if (c == ')') {
                tokens.add(new Token(Kind.RPAREN, ")", i++));
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, ",", i++));
            } else if (c == '"' || c == '\'') {
                int start = i++;
                StringBuilder text = new StringBuilder();
                boolean closed = false;
                while (i < n) {
                    char d = jql.charAt(i++);
                    if (d == '\\' && i < n) {
                        text.append(jql.charAt(i++));
                    } else if (d == c) {
                        closed = true;
                        break;
                    } else {
                        text.append(d);
                    }
                }
                if (!closed) {
                    throw JqlException.syntax("The quoted string '" + text + "' has not been completed.", start);
                }
                tokens.add(new Token(Kind.STRING, text.toString(), start));
            } else if (c == '&' || c == '|') {
                if (i + 1 < n && jql.charAt(i + 1) == c) {
                    tokens.add(new Token(Kind.WORD, c == '&' ? "AND" : "OR", i));
                    i += 2;
                } else {
                    throw JqlException.syntax("The character '" + c + "' is a reserved JQL character. You must enclose it in a"
                            + " string or use the escape '\\u" + String.format("%04x", (int) c) + "' instead.", i);
                }
            } else if (c == '!' || c == '=' || c == '<' || c == '>' || c == '~') {
                int start = i++;
                if (i < n && jql.charAt(i) == '=' && c != '=' && c != '~') {
                    i++;
                } else if (c == '!' && i < n && jql.charAt(i) == '~') {
                    i++;
                }
                String op = jql.substring(start, i);
                tokens.add("!".equals(op) ? new Token(Kind.WORD, "NOT", start) : new Token(Kind.OPERATOR, op, start));
            } else if (c == '[' || c == ']' || c == '{' || c == '}') {
                throw JqlException.syntax("The character '" + c + "' is a reserved JQL character. You must enclose it in a"
                        + " string or use the escape '\\u" + String.format("%04x", (int) c) + "' instead.", i);
            } else {
                int start = i;
                while (i < n && WORD_STOPS.indexOf(jql.charAt(i)) < 0) {
                    i++;
                }
                String word = jql.substring(start, i);
                if (word.equalsIgnoreCase("cf") && i < n && jql.charAt(i) == '[') {
                    int close = jql.indexOf(']', i);
                    if (close < 0) {
                        throw JqlException.syntax("Expecting ']' after the custom field id.", i);
                    }
                    word = jql.substring(start, close + 1);
                    i = close + 1;
                }
                tokens.add(new Token(Kind.WORD, word, start));
            }
        }
        tokens.add(new Token(Kind.EOF, "", n));
        return tokens;
    }
}
