package dev.promptly.api.dashboard;

import dev.promptly.api.auth.KeySignIn;
import dev.promptly.api.auth.SignedInKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Signing in with an API key (tenant or admin) and out again. */
@Controller
class SignInController {
  private final KeySignIn keys;

  SignInController(KeySignIn keys) {
    this.keys = keys;
  }

  @GetMapping(DashboardGuard.LOGIN)
  String form(HttpServletRequest request) {
    if (DashboardSession.signedIn(request).filter(keys::isStillValid).isPresent()) {
      return "redirect:/dashboard";
    }
    return "dashboard/login";
  }

  @PostMapping(DashboardGuard.LOGIN)
  String signIn(
      @RequestParam(name = "api_key", required = false) String key,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    Optional<SignedInKey> signedIn = keys.signIn(key);
    if (signedIn.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      model.addAttribute("problem", "That API key is not valid.");
      return "dashboard/login";
    }
    DashboardSession.signIn(request, signedIn.get());
    return "redirect:/dashboard";
  }

  @PostMapping("/dashboard/logout")
  String signOut(HttpServletRequest request) {
    DashboardSession.signOut(request);
    return "redirect:/dashboard/login";
  }
}
