package dev.promptly.api.dashboard;

import dev.promptly.api.auth.KeySignIn;
import dev.promptly.api.auth.SignedInKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the {@link DashboardGuard} in front of {@code /dashboard} and hands pages the viewer. */
@Configuration(proxyBeanMethods = false)
class DashboardConfiguration implements WebMvcConfigurer {
  private final KeySignIn keys;

  DashboardConfiguration(KeySignIn keys) {
    this.keys = keys;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(new DashboardGuard(keys))
        .addPathPatterns("/dashboard", "/dashboard/**");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new ViewerResolver());
  }

  private static final class ViewerResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType() == SignedInKey.class;
    }

    @Override
    public SignedInKey resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer container,
        NativeWebRequest request,
        WebDataBinderFactory binderFactory) {
      // The guard has run: a page without a signed-in key never reaches its controller.
      return (SignedInKey)
          request
              .getNativeRequest(HttpServletRequest.class)
              .getAttribute(DashboardGuard.SIGNED_IN_ATTRIBUTE);
    }
  }
}
