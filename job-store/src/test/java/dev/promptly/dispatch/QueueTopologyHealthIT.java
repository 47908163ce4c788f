package dev.promptly.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptly.model.Priority;
import dev.promptly.testsupport.TestInfrastructure;
import dev.promptly.testsupport.TestServices;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The job queues of either type on the shared broker (a one-node cluster runs quorum queues too),
 * under names of each test's own in the run's vhost.
 */
class QueueTopologyHealthIT {
  private final TestServices services = TestInfrastructure.shared();
  private final String prefix = "topology-" + UUID.randomUUID();
  private CachingConnectionFactory connections;
  private RabbitTemplate rabbit;
  private RabbitAdmin admin;

  @BeforeEach
  void connect() {
    connections = new CachingConnectionFactory(services.rabbitHost(), services.rabbitPort());
    connections.setVirtualHost(services.rabbitVirtualHost());
    connections.setUsername(services.rabbitUser());
    connections.setPassword(services.rabbitPassword());
    rabbit = new RabbitTemplate(connections);
    admin = new RabbitAdmin(connections);
  }

  @AfterEach
  void deleteQueuesAndDisconnect() {
    for (QueueType type : QueueType.values()) {
      messaging(type).jobQueues().forEach(admin::deleteQueue);
    }
    MessagingProperties messaging = messaging(QueueType.CLASSIC);
    admin.deleteQueue(messaging.deadLetterQueue());
    admin.deleteExchange(messaging.exchange());
    admin.deleteExchange(messaging.deadLetterExchange());
    connections.destroy();
  }

  @Test
  void quorumTopologyRoutesEachPriorityToItsOwnQueueAndIsHealthy() {
    MessagingProperties messaging = messaging(QueueType.QUORUM);
    Declarables topology = declare(messaging);

    rabbit.convertAndSend(messaging.exchange(), Priority.HIGH.wireName(), "high");
    rabbit.convertAndSend(messaging.exchange(), Priority.LOW.wireName(), "low");
    Health health = new QueueTopologyHealth(rabbit, topology, QueueType.QUORUM).health();

    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(messaging.jobQueues())
        .containsExactly(prefix + ".ready.high", prefix + ".ready.normal", prefix + ".ready.low");
    assertThat(body(rabbit.receive(messaging.jobQueue(Priority.HIGH), 5000))).isEqualTo("high");
    assertThat(body(rabbit.receive(messaging.jobQueue(Priority.LOW), 5000))).isEqualTo("low");
    assertThat(rabbit.receive(messaging.jobQueue(Priority.NORMAL))).isNull();
  }

  @Test
  void quorumQueuesDeadLetterAtLeastOnceWithRejectPublishOverflow() {
    Queue high =
        JobQueueTopology.declarables(messaging(QueueType.QUORUM))
            .getDeclarablesByType(Queue.class)
            .stream()
            .filter(queue -> queue.getName().endsWith(".high"))
            .findFirst()
            .orElseThrow();

    assertThat(high.getArguments())
        .containsEntry("x-queue-type", "quorum")
        .containsEntry("x-dead-letter-strategy", "at-least-once")
        .containsEntry("x-overflow", "reject-publish")
        .doesNotContainKey("x-max-priority");
  }

  @Test
  void readinessNamesTheQueueWhenAClassicQueueHoldsTheQuorumQueuesName() {
    // A deployment that ran classic queues switches to quorum: its dead-letter queue is in the way.
    declare(messaging(QueueType.CLASSIC));
    MessagingProperties quorum = messaging(QueueType.QUORUM);
    Declarables topology = JobQueueTopology.declarables(quorum);

    Health health = new QueueTopologyHealth(rabbit, topology, QueueType.QUORUM).health();

    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
    assertThat(health.getStatus().getDescription())
        .startsWith("queue " + quorum.deadLetterQueue() + " cannot be declared as quorum: ")
        .contains("PRECONDITION_FAILED")
        .contains("inequivalent arg 'x-queue-type'")
        .contains("drain and delete it");
  }

  @Test
  void readinessNamesTheQueueWhenAQuorumQueueHoldsTheClassicQueuesName() {
    MessagingProperties classic = messaging(QueueType.CLASSIC);
    admin.declareQueue(
        QueueBuilder.durable(classic.queue())
            .quorum()
            .deadLetterExchange(classic.deadLetterExchange())
            .build());
    Declarables topology = JobQueueTopology.declarables(classic);

    Health health = new QueueTopologyHealth(rabbit, topology, QueueType.CLASSIC).health();

    assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
    assertThat(health.getStatus().getDescription())
        .startsWith("queue " + classic.queue() + " cannot be declared as classic: ")
        .contains("PRECONDITION_FAILED");
  }

  private Declarables declare(MessagingProperties messaging) {
    Declarables topology = JobQueueTopology.declarables(messaging);
    topology
        .getDeclarables()
        .forEach(
            declarable -> {
              switch (declarable) {
                case Queue queue -> admin.declareQueue(queue);
                case org.springframework.amqp.core.Exchange exchange ->
                    admin.declareExchange(exchange);
                case org.springframework.amqp.core.Binding binding -> admin.declareBinding(binding);
                default -> throw new IllegalStateException("unexpected " + declarable);
              }
            });
    return topology;
  }

  private MessagingProperties messaging(QueueType type) {
    Map<String, String> properties =
        Map.of(
            "promptly.messaging.queue-type", type.brokerName(),
            "promptly.messaging.exchange", prefix + ".jobs",
            "promptly.messaging.queue", prefix + ".ready",
            "promptly.messaging.dead-letter-exchange", prefix + ".dlx",
            "promptly.messaging.dead-letter-queue", prefix + ".dlq");
    return new Binder(new MapConfigurationPropertySource(properties))
        .bind("promptly.messaging", MessagingProperties.class)
        .get();
  }

  private static String body(Message message) {
    assertThat(message).isNotNull();
    return new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
