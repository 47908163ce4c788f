package dev.promptly.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A RabbitMQ cluster of a test's own: {@code size} {@link PrivateRabbitMq} nodes on this machine,
 * each with its own node name, AMQP and distribution ports and data directory, joined to the first
 * one. The nodes share the rabbitmq OS user's Erlang cookie, as the nodes of a real cluster share
 * theirs. The shared broker on 5672 is neither part of it nor touched.
 */
public final class PrivateRabbitMqCluster implements AutoCloseable {
  private final List<PrivateRabbitMq> nodes;

  private PrivateRabbitMqCluster(List<PrivateRabbitMq> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Boots {@code size} nodes at once, then joins the others to the first one.
   *
   * @param logDirectory each node logs to a directory of its own under it
   */
  public static PrivateRabbitMqCluster start(Path logDirectory, int size) {
    List<CompletableFuture<PrivateRabbitMq>> booting = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String name = "promptly-" + (char) ('a' + i);
      booting.add(
          CompletableFuture.supplyAsync(
              () -> PrivateRabbitMq.start(logDirectory.resolve(name), name)));
    }
    List<PrivateRabbitMq> nodes = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<PrivateRabbitMq> node : booting) {
      try {
        nodes.add(node.join());
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    PrivateRabbitMqCluster cluster = new PrivateRabbitMqCluster(nodes);
    try {
      if (failure != null) {
        throw failure;
      }
      cluster.join();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void join() {
    PrivateRabbitMq first = nodes.getFirst();
    for (PrivateRabbitMq node : nodes.subList(1, nodes.size())) {
      node.ctlOutput("stop_app");
      node.ctlOutput("reset");
      node.ctlOutput("join_cluster", first.nodeName());
      node.ctlOutput("start_app");
      node.ctlOutput("await_startup", "--timeout", "60");
    }
  }

  public List<PrivateRabbitMq> nodes() {
    return nodes;
  }

  /** Every node's AMQP address, for {@code spring.rabbitmq.addresses}. */
  public String addresses() {
    return nodes.stream()
        .map(node -> node.host() + ":" + node.port())
        .collect(Collectors.joining(","));
  }

  /**
   * The node that leads quorum queue {@code queue} in vhost {@code /}, asked of a node that is
   * still running.
   */
  public Optional<PrivateRabbitMq> leaderOf(String queue) {
    String listing =
        running()
            .ctlOutput("list_queues", "-p", "/", "name", "leader", "--quiet", "--no-table-headers");
    for (String line : listing.lines().toList()) {
      String[] columns = line.strip().split("\\s+");
      if (columns.length == 2 && columns[0].equals(queue)) {
        return nodes.stream().filter(node -> node.nodeName().equals(columns[1])).findFirst();
      }
    }
    return Optional.empty();
  }

  private PrivateRabbitMq running() {
    return nodes.stream()
        .filter(node -> FreePorts.isListening(node.port()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
  }

  /** The last lines of every node's logs. */
  public String logTail() {
    return nodes.stream().map(PrivateRabbitMq::logTail).collect(Collectors.joining("\n\n"));
  }

  /** Stops every node and removes its files; the logs stay. */
  @Override
  public void close() {
    nodes.reversed().forEach(PrivateRabbitMq::close);
  }
}
