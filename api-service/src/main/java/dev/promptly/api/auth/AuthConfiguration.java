package dev.promptly.api.auth;

import dev.promptly.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts authentication in front of {@code /v1} and hands controllers the calling tenant. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {
  private static final String ADMIN_ROUTES = "/v1/admin/**";

  private final ApiKeyAuthenticator authenticator;

  AuthConfiguration(ApiKeyAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new AuthInterceptor(authenticator, true)).addPathPatterns(ADMIN_ROUTES);
    registry
        .addInterceptor(new AuthInterceptor(authenticator, false))
        .addPathPatterns("/v1/**")
        .excludePathPatterns(ADMIN_ROUTES);
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new TenantResolver());
  }

  private static final class TenantResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType() == AuthenticatedTenant.class;
    }

    @Override
    public AuthenticatedTenant resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer container,
        NativeWebRequest request,
        WebDataBinderFactory binderFactory) {
      return AuthenticatedTenant.of(request.getNativeRequest(HttpServletRequest.class))
          .orElseThrow(
              () ->
                  new ApiException(
                      HttpStatus.UNAUTHORIZED, "unauthorized", "No tenant key was presented."));
    }
  }
}
