package dev.promptly.worker;

import dev.promptly.jobstore.JobStoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The worker: consumes job messages, calls the model, records results. Serves only actuator. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(JobStoreConfiguration.class)
public class PromptlyWorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(PromptlyWorkerApplication.class, args);
  }
}
