package dev.promptly.emulator.completions;

import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Maps {@link ChatCompletionServlet} to the exact path, which the servlet container prefers to the
 * DispatcherServlet's default mapping; every other path (and a trailing slash) stays with Spring
 * MVC.
 */
@Configuration(proxyBeanMethods = false)
class ChatCompletionServletRegistration {

  static final String PATH = "/v1/chat/completions";

  @Bean
  ServletRegistrationBean<ChatCompletionServlet> chatCompletionMapping(
      ChatCompletionServlet servlet) {
    ServletRegistrationBean<ChatCompletionServlet> registration =
        new ServletRegistrationBean<>(servlet, PATH);
    registration.setName("chatCompletions");
    registration.setLoadOnStartup(1);
    return registration;
  }
}
