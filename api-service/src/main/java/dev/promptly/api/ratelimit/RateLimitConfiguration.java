package dev.promptly.api.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Rate limits the tenant routes; admin routes are exempt, so an operator is never locked out. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration implements WebMvcConfigurer {
  // Authentication's interceptors have the default order 0; the tenant must be known first.
  private static final int AFTER_AUTHENTICATION = 1;

  private final TokenBuckets buckets;
  private final RateLimitProperties properties;
  private final MeterRegistry meters;

  RateLimitConfiguration(
      TokenBuckets buckets, RateLimitProperties properties, MeterRegistry meters) {
    this.buckets = buckets;
    this.properties = properties;
    this.meters = meters;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    if (properties.enabled()) {
      registry
          .addInterceptor(new RateLimitInterceptor(buckets, properties, meters))
          .addPathPatterns("/v1/**")
          .excludePathPatterns("/v1/admin/**")
          .order(AFTER_AUTHENTICATION);
    }
  }
}
