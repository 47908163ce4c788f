package dev.promptly.emulator.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.testsupport.Commands;
import dev.promptly.testsupport.Commands.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI's official Node client ({@code openai} on npm, pinned in {@code emulator-compat/}) against
 * the emulator: a JSON completion, a stream with usage, {@code max_tokens}, a refusal, a context
 * overflow and a provider batch (files and batches), each checked by the client's own parsing. A
 * second ecosystem's client keeps the emulator honest about the protocol where langchain4j alone
 * might forgive a deviation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenAiNodeClientIT {
  private static final Path COMPAT =
      Path.of(System.getProperty("user.dir")).resolveSibling("emulator-compat");

  @LocalServerPort int port;
  @Autowired JsonMapper json;

  @BeforeAll
  static void installTheClient() throws Exception {
    Assumptions.assumeTrue(
        Commands.onPath("node"), "node is not installed: skipping the OpenAI Node client check");
    // npm ci installs exactly what package-lock.json pins, into emulator-compat/node_modules.
    Outcome install =
        Commands.run(
            COMPAT, List.of("npm", "ci", "--no-audit", "--no-fund"), "", Duration.ofMinutes(3));
    assertThat(install.exitCode()).as("npm ci\n%s", install.output()).isZero();
  }

  @Test
  void officialNodeClientParsesJsonStreamsRefusalsContextErrorsAndBatches() throws Exception {
    Outcome check =
        Commands.run(
            COMPAT,
            List.of("node", "check.mjs", "http://127.0.0.1:" + port + "/v1"),
            "",
            Duration.ofSeconds(60));

    assertThat(check.exitCode()).as("node check.mjs\n%s", check.output()).isZero();
    String reportLine = check.output().strip().lines().toList().getLast();
    System.out.println("openai-node-compat: " + reportLine);
    JsonNode report = json.readTree(reportLine);
    assertThat(report.get("client").asString()).startsWith("openai-node 6.");
    assertThat(report.at("/stream/text").asString()).isEqualTo(report.at("/json/text").asString());
    assertThat(report.at("/stream/deltas").asInt()).isGreaterThan(1);
    assertThat(report.get("max_tokens").asString()).isEqualTo("length");
    assertThat(report.get("refusal").asString()).isEqualTo("I can't help with that.");
    assertThat(report.get("context_overflow").asString()).isEqualTo("context_length_exceeded");
    assertThat(report.at("/batch/status").asString()).isEqualTo("completed");
    assertThat(report.at("/batch/text").asString()).isEqualTo(report.at("/json/text").asString());
    assertThat(report.at("/batch/usage")).isEqualTo(report.at("/json/usage"));
  }
}
