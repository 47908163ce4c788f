package dev.promptly.api.ratelimit;

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

  RateLimitConfiguration(TokenBuckets buckets, RateLimitProperties properties) {
    this.buckets = buckets;
    this.properties = properties;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    if (properties.enabled()) {
      registry
          .addInterceptor(new RateLimitInterceptor(buckets, properties))
          .addPathPatterns("/v1/**")
          .excludePathPatterns("/v1/admin/**")
          .order(AFTER_AUTHENTICATION);
    }
  }
}
