/**
 * A Jira simulator over real HTTP for tests, demos and benchmarks: {@link io.boxsync.simulator.jira.JiraSimulator}.
 *
 * <p>What it serves, per flavour:
 * <ul>
 *   <li>Cloud: {@code /rest/api/3} and {@code /rest/api/2}; search only through {@code /search/jql} (token paging,
 *       {@code isLast}, no total; 100 per page with fields, 5,000 for ids only; unbounded JQL refused; the removed
 *       {@code /search} answers 410); {@code /permissions/check}, {@code /mypermissions} (permissions required),
 *       {@code /issue/bulkfetch}, {@code /search/approximate-count}; descriptions as ADF on v3.</li>
 *   <li>Data Center: {@code /rest/api/2}; {@code /search} with startAt/maxResults (cap 1,000)/total and
 *       {@code validateQuery=warn}; {@code /index/summary}; users by name/key; the Sprint field as Jira's sprint strings.</li>
 *   <li>Both: issue get/create/edit ({@code fields} and {@code update}, {@code historyMetadata})/delete, changelog,
 *       transitions, editmeta, issue links and link types, fields, projects, versions, users, myself, the Agile API
 *       (boards, board configuration, sprints, sprint issues, move to sprint or backlog) and admin webhook registration.</li>
 * </ul>
 * Permissions are enforced on every call: an issue the account may not browse is a 404 and absent from searches;
 * editing without Edit (or dates and sprints without Schedule) is Jira's 400 "Field ... cannot be set". Errors use
 * Jira's {@code {"errorMessages":[],"errors":{}}} body. JQL is evaluated by a hand-written parser over the subset planning
 * scopes use; anything else is a 400, never a silent wrong answer.
 */
package io.boxsync.simulator.jira;
