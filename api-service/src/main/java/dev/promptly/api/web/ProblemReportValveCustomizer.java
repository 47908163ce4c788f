package dev.promptly.api.web;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link ProblemReportValve} in place of the error report valve Spring Boot installs, so even
 * the requests Tomcat refuses on its own get a problem document and an {@code X-Request-Id}.
 */
@Component
class ProblemReportValveCustomizer
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> replaceErrorReportValve((Host) context.getParent()));
  }

  // Last, so that the valve Spring Boot's own customizer adds is already there to be replaced.
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static void replaceErrorReportValve(Host host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new ProblemReportValve());
    if (host instanceof StandardHost standard) {
      // Otherwise the host adds a stock ErrorReportValve of its own when it starts.
      standard.setErrorReportValveClass(ProblemReportValve.class.getName());
    }
  }
}
