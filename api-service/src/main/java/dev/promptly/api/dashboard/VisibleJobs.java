package dev.promptly.api.dashboard;

import dev.promptly.api.auth.SignedInKey;
import dev.promptly.api.web.ApiException;
import dev.promptly.jobstore.JobRecord;
import dev.promptly.jobstore.JobRepository;
import dev.promptly.model.JobIds;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds a job the viewer may see, from Postgres. Another tenant's job is reported exactly like a
 * missing one, as on {@code GET /v1/jobs/{id}}.
 */
@Component
class VisibleJobs {
  private final JobRepository jobs;

  VisibleJobs(JobRepository jobs) {
    this.jobs = jobs;
  }

  JobRecord require(SignedInKey viewer, String id) {
    return (JobIds.isWellFormed(id) ? jobs.find(id) : Optional.<JobRecord>empty())
        .filter(job -> viewer.maySee(job.tenantId()))
        .orElseThrow(() -> ApiException.notFound("No job with id '" + id + "'."));
  }
}
