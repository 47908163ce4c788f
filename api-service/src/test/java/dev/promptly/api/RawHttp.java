package dev.promptly.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte on a socket, for requests no well-behaved client will send:
 * duplicate or broken headers, a lying Content-Length, bytes that are not UTF-8.
 */
public final class RawHttp {
  private static final int TIMEOUT_MILLIS = 30_000;

  private RawHttp() {}

  /** A request being built; every line is sent exactly as given. */
  public static final class Request {
    private final String requestLine;
    private final List<byte[]> headers = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean host = true;
    private boolean contentLength = true;

    private Request(String method, String target) {
      this.requestLine = method + " " + target + " HTTP/1.1";
      header("Connection", "close");
    }

    public Request header(String name, String value) {
      return rawHeader((name + ": " + value).getBytes(StandardCharsets.UTF_8));
    }

    /** A header line as bytes, CR, LF and NUL included. */
    public Request rawHeader(byte[] line) {
      headers.add(line);
      return this;
    }

    public Request auth(String key) {
      return key == null ? this : header("Authorization", "Bearer " + key);
    }

    public Request json(String json) {
      return header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
    }

    public Request body(byte[] bytes) {
      this.body = bytes.clone();
      return this;
    }

    /** Leaves out the Host header every HTTP/1.1 request must have. */
    public Request withoutHost() {
      this.host = false;
      return this;
    }

    /** Leaves out the Content-Length this class adds, for tests that send their own. */
    public Request withoutContentLength() {
      this.contentLength = false;
      return this;
    }

    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes((requestLine + "\r\n").getBytes(StandardCharsets.UTF_8));
      if (host) {
        out.writeBytes("Host: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      for (byte[] line : headers) {
        out.writeBytes(line);
        out.writeBytes(new byte[] {'\r', '\n'});
      }
      if (contentLength && (body.length > 0 || !requestLine.startsWith("GET"))) {
        out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes());
      }
      out.writeBytes(new byte[] {'\r', '\n'});
      out.writeBytes(body);
      return out.toByteArray();
    }
  }

  public static Request request(String method, String target) {
    return new Request(method, target);
  }

  /** Sends the request, closes the sending side and reads the response to its end. */
  public static HttpResult send(int port, Request request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request.bytes());
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // The server may refuse and close before it has read everything (an oversized body);
        // its answer is still there to read.
      }
      return parse(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HttpResult parse(byte[] response) {
    int end = indexOf(response, "\r\n\r\n".getBytes(), 0);
    if (end < 0) {
      throw new IllegalStateException(
          "no complete response: " + new String(response, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon), name -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    HttpHeaders parsed = HttpHeaders.of(headers, (name, value) -> true);
    byte[] body = Arrays.copyOfRange(response, end + 4, response.length);
    if (parsed.firstValue("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
      body = unchunk(body);
    }
    return new HttpResult(status, parsed, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int position = 0;
    while (true) {
      int lineEnd = indexOf(chunked, "\r\n".getBytes(), position);
      String size = new String(chunked, position, lineEnd - position, StandardCharsets.US_ASCII);
      int length = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (length == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, length);
      position = lineEnd + 2 + length + 2;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    for (int i = from; i <= haystack.length - needle.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
