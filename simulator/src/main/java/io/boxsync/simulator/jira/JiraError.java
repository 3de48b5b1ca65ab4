package io.boxsync.simulator.jira;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Jira REST error: the status code and the {@code {"errorMessages":[...],"errors":{...}}} body Jira sends. */
final class JiraError extends RuntimeException {
    static final String ISSUE_NOT_FOUND = "Issue does not exist or you do not have permission to see it.";

    final int status;
    final List<String> errorMessages;
    final Map<String, String> errors;
    final Map<String, String> headers = new LinkedHashMap<>();

    JiraError(int status, List<String> errorMessages, Map<String, String> errors) {
        super(status + " " + errorMessages + " " + errors, null, false, false);
        this.status = status;
        this.errorMessages = List.copyOf(errorMessages);
        this.errors = Map.copyOf(errors);
    }

    static JiraError badRequest(String message) {
        return new JiraError(400, List.of(message), Map.of());
    }

    static JiraError fieldErrors(Map<String, String> errors) {
        return new JiraError(400, List.of(), errors);
    }

    static JiraError unauthorized() {
        return new JiraError(401, List.of("You are not authenticated. Authentication required to perform this operation."), Map.of());
    }

    static JiraError forbidden(String message) {
        return new JiraError(403, List.of(message), Map.of());
    }

    static JiraError notFound(String message) {
        return new JiraError(404, List.of(message), Map.of());
    }

    static JiraError issueNotFound() {
        return notFound(ISSUE_NOT_FOUND);
    }

    JiraError header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
