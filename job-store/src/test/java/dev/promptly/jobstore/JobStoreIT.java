package dev.promptly.jobstore;

import dev.promptly.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** One Spring context, on real servers, for every job-store integration test. */
@SpringBootTest(classes = JobStoreTestApplication.class)
abstract class JobStoreIT {

  @DynamicPropertySource
  static void testServices(DynamicPropertyRegistry registry) {
    TestInfrastructure.shared().register(registry);
  }

  @Autowired protected JdbcClient jdbc;

  protected StoredJobs jobs() {
    return new StoredJobs(jdbc);
  }
}
