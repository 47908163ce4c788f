package dev.promptly.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Picks TCP ports on 127.0.0.1 that nothing listens on at the moment of asking. */
public final class FreePorts {
  // rabbitmqctl's own Erlang distribution listens on one of 35672-35682 while it runs; a server
  // there would clash with every CLI call made during its boot.
  private static final int CLI_RANGE_FIRST = 35672;
  private static final int CLI_RANGE_LAST = 35682;

  private FreePorts() {}

  /** A free port, never one of rabbitmqctl's. */
  public static int pick() {
    for (int i = 0; i < 20; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (port < CLI_RANGE_FIRST || port > CLI_RANGE_LAST) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot find a free port", e);
      }
    }
    throw new IllegalStateException("no free port outside rabbitmqctl's range after 20 tries");
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port}. */
  public static boolean isListening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
