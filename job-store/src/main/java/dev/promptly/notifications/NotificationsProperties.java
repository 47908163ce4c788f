package dev.promptly.notifications;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the LISTEN connection goes.
 *
 * @param directUrl a JDBC URL straight to Postgres for the one connection that LISTENs, for a
 *     deployment whose {@code spring.datasource.url} goes through a transaction-pooling PgBouncer,
 *     which cannot keep a LISTEN (it needs the same server session for as long as it listens);
 *     empty for the datasource's URL. User and password are the datasource's.
 */
@Validated
@ConfigurationProperties("promptly.notifications")
public record NotificationsProperties(@DefaultValue("") String directUrl) {

  /** The URL to LISTEN on: the direct one when set, else {@code datasourceUrl}. */
  public String listenUrl(String datasourceUrl) {
    return directUrl.isBlank() ? datasourceUrl : directUrl;
  }
}
