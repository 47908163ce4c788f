package dev.promptly.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of one of the real servers, so a test can take that server away from one
 * Spring context without touching the server that every other test and engineer shares.
 */
final class TcpProxy {
  private static final int CONNECT_TIMEOUT_MILLIS = 2000;

  /** What the proxy does with connections. */
  enum Mode {
    /** Forwards to the server. */
    UP,
    /** Cuts every connection at once, like a server that was stopped. */
    DOWN,
    /** Accepts connections and never answers, like a hung server or a network partition. */
    UNRESPONSIVE
  }

  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private Mode mode = Mode.UP;

  private TcpProxy(ServerSocket listener, InetSocketAddress target) {
    this.listener = listener;
    this.target = target;
  }

  /** A proxy on a free local port, forwarding to {@code host:port} until told otherwise. */
  static TcpProxy to(String host, int port) {
    try {
      ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpProxy proxy = new TcpProxy(listener, new InetSocketAddress(host, port));
      Thread.ofVirtual().name("tcp-proxy-" + port).start(proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Switches mode; every connection made before is cut, so nothing carries over. */
  synchronized void set(Mode next) {
    if (next == mode) {
      return;
    }
    mode = next;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        switch (register(client)) {
          case UP -> Thread.ofVirtual().start(() -> forward(client));
          case DOWN -> closeQuietly(client);
          case UNRESPONSIVE -> {
            // Held open and never read, until the mode changes.
          }
        }
      } catch (IOException e) {
        // The listener stays open for the JVM's life; a failed accept is one lost connection.
      }
    }
  }

  private synchronized Mode register(Socket socket) {
    if (mode != Mode.DOWN) {
      open.add(socket);
    }
    return mode;
  }

  private void close(Socket socket) {
    open.remove(socket);
    closeQuietly(socket);
  }

  private void forward(Socket client) {
    Socket server = new Socket();
    try {
      server.connect(target, CONNECT_TIMEOUT_MILLIS);
      if (register(server) != Mode.UP) {
        close(server);
        close(client);
        return;
      }
      Thread.ofVirtual().start(() -> pipe(server, client));
      pipe(client, server);
    } catch (IOException e) {
      close(server);
      close(client);
    }
  }

  private void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // One side went away; closing both below tells the other.
    } finally {
      close(from);
      close(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }
}
