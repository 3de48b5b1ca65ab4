package io.boxsync.simulator.jira;

/** A JQL query Jira would reject; the message is the one Jira puts in {@code errorMessages}. */
final class JqlException extends RuntimeException {
    JqlException(String message) {
        super(message, null, false, false);
    }

    static JqlException syntax(String detail, int position) {
        return new JqlException("Error in the JQL Query: " + detail + " The invalid query was found at line 1, position "
                + position + ".");
    }
}
