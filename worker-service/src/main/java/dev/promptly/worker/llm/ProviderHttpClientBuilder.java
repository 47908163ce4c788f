package dev.promptly.worker.llm;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Clock;
import java.time.Duration;

/**
 * Handed to each langchain4j model. The model sets the read timeout (the job's timeout_seconds);
 * the connect timeout is the shared JDK client's, since all models share its connections.
 */
class ProviderHttpClientBuilder implements HttpClientBuilder {
  private final java.net.http.HttpClient http;
  private final Clock clock;
  private final String provider;
  private final String model;
  private final ProviderAnswerListener listener;
  private Duration connectTimeout;
  private Duration readTimeout;

  ProviderHttpClientBuilder(
      java.net.http.HttpClient http,
      Clock clock,
      String provider,
      String model,
      ProviderAnswerListener listener) {
    this.http = http;
    this.clock = clock;
    this.provider = provider;
    this.model = model;
    this.listener = listener;
  }

  @Override
  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public HttpClientBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = timeout;
    return this;
  }

  @Override
  public Duration readTimeout() {
    return readTimeout;
  }

  @Override
  public HttpClientBuilder readTimeout(Duration timeout) {
    this.readTimeout = timeout;
    return this;
  }

  @Override
  public ProviderHttpClient build() {
    return new ProviderHttpClient(http, readTimeout, clock, provider, model, listener);
  }
}
