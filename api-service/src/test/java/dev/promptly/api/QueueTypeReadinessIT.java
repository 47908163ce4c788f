package dev.promptly.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An API configured for quorum queues on a broker where a classic queue of the same name exists
 * (the dead-letter queue a classic deployment left) is not ready, and readiness says which queue
 * and why, instead of running on the classic one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QueueTypeReadinessIT {
  private static final TestServices SERVICES = TestInfrastructure.shared();
  private static final String PREFIX = "readiness-" + UUID.randomUUID();
  private static final String DEAD_LETTERS = PREFIX + ".dlq";

  @DynamicPropertySource
  static void quorumQueuesWhereAClassicOneIsInTheWay(DynamicPropertyRegistry registry)
      throws Exception {
    SERVICES.register(registry);
    registry.add("promptly.messaging.queue-type", () -> "quorum");
    registry.add("promptly.messaging.exchange", () -> PREFIX + ".jobs");
    registry.add("promptly.messaging.queue", () -> PREFIX + ".ready");
    registry.add("promptly.messaging.dead-letter-exchange", () -> PREFIX + ".dlx");
    registry.add("promptly.messaging.dead-letter-queue", () -> DEAD_LETTERS);
    registry.add("promptly.messaging.relay-enabled", () -> "false");
    onBroker(channel -> channel.queueDeclare(DEAD_LETTERS, true, false, false, null));
  }

  @AfterAll
  static void deleteQueues() throws Exception {
    onBroker(
        channel -> {
          channel.queueDelete(DEAD_LETTERS);
          for (String priority : new String[] {"high", "normal", "low"}) {
            channel.queueDelete(PREFIX + ".ready." + priority);
          }
          channel.exchangeDelete(PREFIX + ".jobs");
          channel.exchangeDelete(PREFIX + ".dlx");
        });
  }

  @LocalServerPort int port;

  @Test
  void readinessFailsNamingTheQueueThatCannotBeQuorum() {
    ApiClient api = new ApiClient(port);

    HttpResult readiness =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> api.get("/actuator/health/readiness", null), r -> r.status() != 0);

    assertThat(readiness.status()).isEqualTo(503);
    JsonNode topology = readiness.json().get("components").get("queueTopology");
    assertThat(topology.get("status").asString()).isEqualTo("DOWN");
    assertThat(topology.get("description").asString())
        .startsWith("queue " + DEAD_LETTERS + " cannot be declared as quorum: ")
        .contains("inequivalent arg 'x-queue-type'");
  }

  private interface OnChannel {
    void run(Channel channel) throws Exception;
  }

  private static void onBroker(OnChannel action) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(SERVICES.rabbitHost());
    factory.setPort(SERVICES.rabbitPort());
    factory.setVirtualHost(SERVICES.rabbitVirtualHost());
    factory.setUsername(SERVICES.rabbitUser());
    factory.setPassword(SERVICES.rabbitPassword());
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      action.run(channel);
    }
  }
}
