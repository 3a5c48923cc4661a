package dev.stepup.demo.authserver;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Sign-out that works in every state. The page signs out through the OpenID Connect
 * logout endpoint with its latest ID token; when that request cannot be verified (no
 * ID token, one from before the session id changed at a second factor, one this server
 * no longer knows), the person is asked to confirm here instead of seeing an error,
 * and the confirmation (a form with a CSRF token) ends the session. Asking, rather
 * than signing out at once, keeps another site from signing a customer out (OpenID
 * Connect RP-Initiated Logout, section 2).
 */
@Controller
class SignOutController {

	static final String CONFIRM = "/signout";

	/** Where every sign-out ends: the banking page, told to show its signed-out state. */
	static final String SIGNED_OUT = "/app/?signed-out";

	private static final Log logger = LogFactory.getLog(SignOutController.class);

	@GetMapping(CONFIRM)
	String confirm(Authentication authentication, Model model) {
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			return "redirect:" + SIGNED_OUT;
		}
		model.addAttribute("username", authentication.getName());
		return "signout";
	}

	static AuthenticationFailureHandler unverifiedRequests() {
		return (request, response, exception) -> {
			String reason = (exception instanceof OAuth2AuthenticationException oauth2)
					? oauth2.getError().getErrorCode() + " " + oauth2.getError().getDescription()
					: exception.getClass().getSimpleName();
			logger.info("Sign-out request not verified (" + reason + "): asking the user to confirm");
			response.sendRedirect(request.getContextPath() + CONFIRM);
		};
	}

}
