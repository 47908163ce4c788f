package dev.promptly.api;

import dev.promptly.jobstore.JobStoreConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The Promptly HTTP API: accepts jobs, stores them with their dispatch, and serves their state. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(JobStoreConfiguration.class)
public class PromptlyApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(PromptlyApiApplication.class, args);
  }
}
