package dev.promptly.api.dashboard;

import dev.promptly.api.auth.SignedInKey;
import dev.promptly.api.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every dashboard page gets: the CSRF token for its forms and who is signed in; and API errors
 * shown as a page instead of a problem document. Ordered before the API's advice, which answers
 * {@code /v1} errors.
 */
@ControllerAdvice(basePackageClasses = DashboardPages.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardPages {

  @ModelAttribute
  void common(HttpServletRequest request, Model model) {
    model.addAttribute("csrf", DashboardSession.csrfToken(request));
    model.addAttribute("csrfParameter", DashboardGuard.CSRF_PARAMETER);
    Object signedIn = request.getAttribute(DashboardGuard.SIGNED_IN_ATTRIBUTE);
    if (signedIn instanceof SignedInKey key) {
      model.addAttribute("admin", key.isAdmin());
      model.addAttribute("viewerTenant", key.tenantId());
    }
  }

  @ExceptionHandler(ApiException.class)
  String apiError(
      ApiException e, HttpServletRequest request, HttpServletResponse response, Model model) {
    response.setStatus(e.status().value());
    common(request, model);
    model.addAttribute("status", e.status().value());
    model.addAttribute("message", e.getMessage());
    return "dashboard/error";
  }
}
