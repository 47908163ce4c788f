package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class ComposeFileTest {

  private static final Set<String> CORE =
      Set.of("postgres", "rabbitmq", "redis", "emulator", "api", "worker");

  private final ComposeFile compose = new ComposeFile();

  @Test
  void runsTheWholePlatformWithPrometheusAndGrafanaBehindAProfile() {
    assertThat(compose.services()).containsKeys(CORE.toArray(String[]::new));
    for (String name : List.of("prometheus", "grafana")) {
      assertThat(YamlPath.list(compose.service(name), "profiles")).containsExactly("observability");
    }
    for (String name : CORE) {
      assertThat(compose.service(name)).as(name).doesNotContainKey("profiles");
    }
  }

  @Test
  void everyServiceHasAHealthCheck() {
    compose
        .services()
        .forEach(
            (name, service) ->
                assertThat(YamlPath.list(service, "healthcheck.test")).as(name).isNotEmpty());
  }

  @Test
  void everyImageHasAPinnedVersionTag() {
    compose
        .services()
        .forEach(
            (name, service) -> {
              String image = ComposeFile.withDefaults(YamlPath.string(service, "image"));
              String tag = image.substring(image.lastIndexOf(':') + 1);

              assertThat(image).as(name).contains(":");
              assertThat(tag).as(name).isNotEqualTo("latest").containsPattern("\\d");
            });
  }

  @Test
  void servicesWaitForTheHealthOfWhatTheyDependOn() {
    compose
        .services()
        .forEach(
            (name, service) -> {
              Object dependsOn = YamlPath.at(service, "depends_on");
              if (dependsOn != null) {
                YamlPath.asMap(dependsOn, name)
                    .forEach(
                        (dependency, condition) ->
                            assertThat(YamlPath.string(condition, "condition"))
                                .as("%s -> %s", name, dependency)
                                .isEqualTo("service_healthy"));
              }
            });
    assertThat(YamlPath.map(compose.service("worker"), "depends_on")).containsKey("api");
  }

  @Test
  void workersCanBeScaledBecauseNothingAboutThemIsUnique() {
    Map<String, Object> worker = compose.service("worker");

    assertThat(worker).doesNotContainKeys("ports", "container_name", "hostname");
    compose
        .services()
        .forEach(
            (name, service) ->
                assertThat(YamlPath.asMap(service, name))
                    .as(name)
                    .doesNotContainKey("container_name"));
  }

  @Test
  void apiAndWorkerSetOnlyVariablesTheyRead() {
    ServiceSettings api = ServiceSettings.of("api-service");
    ServiceSettings worker = ServiceSettings.of("worker-service");

    assertThat(compose.environment("api").keySet()).isNotEmpty().allMatch(api::reads);
    assertThat(compose.environment("worker").keySet()).isNotEmpty().allMatch(worker::reads);
  }

  @Test
  void workerNeverGetsAnEmptyProviderKey() {
    String key = (String) compose.environment("worker").get("OPENAI_API_KEY");

    assertThat(ComposeFile.withDefaults(key)).isEqualTo("emulator");
  }

  @Test
  void appContainersRunReadOnlyWithATmpfsAndStopAfterTheirGrace() {
    for (String name : List.of("emulator", "api", "worker")) {
      assertThat(compose.service(name)).as(name).containsEntry("read_only", true);
      assertThat(YamlPath.list(compose.service(name), "tmpfs")).as(name).contains("/tmp");
    }
    assertThat(compose.environment("worker"))
        .containsEntry("PROMPTLY_WORKER_SHUTDOWN_GRACE", "${PROMPTLY_WORKER_SHUTDOWN_GRACE:-30s}");
    assertThat(compose.service("worker")).containsEntry("stop_grace_period", "60s");
  }

  @Test
  void everyRequiredVariableIsInTheEnvExampleAndEnvIsGitIgnored() {
    Set<String> required = new HashSet<>();
    Matcher matcher = ComposeFile.VARIABLE.matcher(compose.text);
    while (matcher.find()) {
      if (matcher.group(2) != null && matcher.group(2).endsWith("?")) {
        required.add(matcher.group(1));
      }
    }
    String example = Repository.read(".env.example");

    assertThat(required).isNotEmpty().allMatch(name -> example.contains("\n" + name + "="));
    assertThat(Repository.read(".gitignore").lines()).contains(".env");
  }

  @Test
  void imagesAreBuiltFromTheRepositoryDockerfiles() {
    for (String name : List.of("emulator", "api", "worker")) {
      String dockerfile = YamlPath.string(compose.service(name), "build.dockerfile");

      assertThat(Repository.path(dockerfile)).as(name).isRegularFile();
      assertThat(YamlPath.string(compose.service(name), "build.context")).isEqualTo(".");
    }
  }

  @Test
  void prometheusScrapesTheApiAndEveryWorkerReplica() {
    String config = Repository.read("deploy/prometheus/prometheus.yml");
    Object tree = new org.yaml.snakeyaml.Yaml().load(config);

    List<Object> jobs = YamlPath.list(tree, "scrape_configs");

    assertThat(jobs)
        .allMatch(j -> "/actuator/prometheus".equals(YamlPath.string(j, "metrics_path")));
    assertThat(config).contains("api:8080");
    assertThat(YamlPath.list(jobs.get(1), "dns_sd_configs[0].names")).containsExactly("worker");
    assertThat(YamlPath.at(jobs.get(1), "dns_sd_configs[0].port")).isEqualTo(8081);
    assertThat(Repository.path("deploy/grafana/provisioning/datasources/prometheus.yml"))
        .isRegularFile();
  }
}
