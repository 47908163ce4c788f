package dev.promptly.webhooks;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The webhook settings and the one SSRF policy, shared by the API and the workers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
public class WebhookConfiguration {

  @Bean
  WebhookUrlPolicy webhookUrlPolicy(WebhookProperties properties) {
    return new WebhookUrlPolicy(properties.allowPrivateTargets());
  }
}
