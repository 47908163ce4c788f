package dev.promptly.api.deadletters;

import dev.promptly.api.web.ApiException;
import dev.promptly.api.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters and page of {@code GET /v1/admin/dead-letters}.
 *
 * @param tenantId only this tenant's dead letters, or null for all
 * @param includeReplayed whether dead letters whose job was already retried are listed too
 * @param after the cursor: only dead letters older than this row id, or null for the newest
 * @param limit the page size
 */
public record DeadLetterQuery(String tenantId, boolean includeReplayed, Long after, int limit) {
  static final int MAX_LIMIT = 100;
  static final int DEFAULT_LIMIT = 20;
  private static final int MAX_TENANT_ID_LENGTH = 100;

  public DeadLetterQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  /**
   * Reads the query parameters as given (null when absent).
   *
   * @throws ApiException 400 listing every invalid parameter
   */
  public static DeadLetterQuery parse(
      String tenantId, String includeReplayed, String after, String limit) {
    List<FieldProblem> problems = new ArrayList<>();
    if (tenantId != null && (tenantId.isBlank() || tenantId.length() > MAX_TENANT_ID_LENGTH)) {
      problems.add(new FieldProblem("tenant_id", "must be a tenant id"));
    }
    if (includeReplayed != null && !includeReplayed.matches("true|false")) {
      problems.add(new FieldProblem("include_replayed", "must be true or false"));
    }
    Long afterId = after == null ? null : DeadLetterResource.parseId(after);
    if (after != null && afterId == null) {
      problems.add(new FieldProblem("after", "must be a dead-letter id"));
    }
    Integer pageSize = limit == null ? Integer.valueOf(DEFAULT_LIMIT) : pageSize(limit);
    if (pageSize == null) {
      problems.add(new FieldProblem("limit", "must be an integer between 1 and " + MAX_LIMIT));
    }
    if (!problems.isEmpty()) {
      throw ApiException.invalid(problems);
    }
    return new DeadLetterQuery(tenantId, "true".equals(includeReplayed), afterId, pageSize);
  }

  private static Integer pageSize(String limit) {
    if (!limit.matches("\\d{1,3}")) {
      return null;
    }
    int value = Integer.parseInt(limit);
    return value >= 1 && value <= MAX_LIMIT ? value : null;
  }
}
