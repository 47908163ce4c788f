package dev.promptly.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DockerfileTest {

  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\S+)");

  @ParameterizedTest
  @CsvSource({
    "api-service, api-service.jar",
    "worker-service, worker-service.jar",
    "llm-emulator, llm-emulator-exec.jar"
  })
  void everyBaseImageIsPinnedToAVersion(String module, String jar) {
    List<String> images = matches(FROM, dockerfile(module));

    assertThat(images).isNotEmpty();
    assertThat(images)
        .allSatisfy(
            image ->
                assertThat(image.substring(image.indexOf(':') + 1))
                    .as(image)
                    .containsPattern("^\\d+\\.\\d+")
                    .doesNotContain("latest"));
  }

  @ParameterizedTest
  @CsvSource({"api-service", "worker-service", "llm-emulator"})
  void runsAsANumericNonRootUser(String module) {
    List<String> users = matches(USER, dockerfile(module));

    assertThat(users).isNotEmpty();
    String user = users.getLast().split(":")[0];
    assertThat(user).matches("\\d+").isNotEqualTo("0");
  }

  @ParameterizedTest
  @CsvSource({"api-service, 8080", "worker-service, 8081", "llm-emulator, 8090"})
  void healthCheckAsksTheServiceReadinessOnItsPort(String module, int port) {
    String dockerfile = dockerfile(module);

    assertThat(dockerfile)
        .containsPattern("(?m)^HEALTHCHECK .*")
        .contains("http://127.0.0.1:" + port + "/actuator/health/readiness")
        .containsPattern("(?m)^EXPOSE " + port + "$");
  }

  @ParameterizedTest
  @CsvSource({"api-service", "worker-service", "llm-emulator"})
  void jvmSizesItsHeapFromTheContainerMemoryLimit(String module) {
    String dockerfile = dockerfile(module);

    assertThat(dockerfile)
        .containsPattern("(?m)^ENV JDK_JAVA_OPTIONS=\".*-XX:MaxRAMPercentage=\\d+.*\"")
        .contains("-XX:+ExitOnOutOfMemoryError")
        .doesNotContain("-Xmx");
  }

  @ParameterizedTest
  @CsvSource({
    "api-service, api-service.jar",
    "worker-service, worker-service.jar",
    "llm-emulator, llm-emulator-exec.jar"
  })
  void runsTheLayersOfTheModulesBootJarWithJavaAsPidOne(String module, String jar) {
    String dockerfile = dockerfile(module);
    String ignore = Repository.read("docker/" + module + ".Dockerfile.dockerignore");

    assertThat(dockerfile)
        .contains("COPY " + module + "/target/" + jar + " ")
        .contains("-Djarmode=tools -jar application.jar extract --layers --destination")
        .doesNotContain("--launcher")
        .contains("ENTRYPOINT [\"java\", \"-XX:AOTCache=app.aot\", \"-jar\", \"application.jar\"]");
    assertThat(ignore.lines()).contains("*", "!" + module + "/target/" + jar);
    assertThat(Repository.read(module + "/pom.xml")).contains("spring-boot-maven-plugin");
  }

  private static String dockerfile(String module) {
    return Repository.read("docker/" + module + ".Dockerfile");
  }

  private static List<String> matches(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.results().map(r -> r.group(1)).toList();
  }
}
