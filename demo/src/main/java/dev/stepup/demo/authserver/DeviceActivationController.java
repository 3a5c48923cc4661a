package dev.stepup.demo.authserver;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.stepup.demo.payment.InvalidAuthorizationDetails;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages of the device grant: where a terminal user types the code their device
 * showed, confirms what the device asks for, and learns that it worked.
 */
@Controller
class DeviceActivationController {

	static final String ACTIVATE = "/activate";

	static final String CONSENT = "/activate/consent";

	static final String ACTIVATED = "/activated";

	private static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of("view:balance", "See your account balances",
			"transfer:funds", "Move money from your accounts, one transfer per confirmation with your authenticator");

	private final RegisteredClientRepository clients;

	DeviceActivationController(RegisteredClientRepository clients) {
		this.clients = clients;
	}

	@GetMapping(ACTIVATE)
	String activate(@RequestParam(name = OAuth2ParameterNames.USER_CODE, required = false) String userCode,
			Model model) {
		model.addAttribute("userCode", userCode);
		return "activate";
	}

	@GetMapping(CONSENT)
	String consent(@RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
			@RequestParam(OAuth2ParameterNames.USER_CODE) String userCode,
			@RequestParam(OAuth2ParameterNames.STATE) String state,
			@RequestParam(name = OAuth2ParameterNames.SCOPE, defaultValue = "") String scope, Model model) {
		RegisteredClient client = this.clients.findByClientId(clientId);
		List<String> scopes = Arrays.stream(scope.split(" ")).filter(SCOPE_DESCRIPTIONS::containsKey).toList();
		model.addAttribute("clientId", clientId);
		model.addAttribute("clientName", (client != null) ? client.getClientName() : clientId);
		model.addAttribute("userCode", userCode);
		model.addAttribute("state", state);
		model.addAttribute("scopes", scopes);
		model.addAttribute("descriptions", SCOPE_DESCRIPTIONS);
		return "consent";
	}

	@GetMapping(ACTIVATED)
	String activated() {
		return "activated";
	}

	/**
	 * A refused verification lands on a page that says what happened: Deny on the
	 * consent page, a device asking to move money from someone else's account, or a
	 * code that is wrong or expired, which the person can type again.
	 */
	static AuthenticationFailureHandler refusedVerifications() {
		return (request, response, exception) -> {
			String error = (exception instanceof OAuth2AuthenticationException oauth2)
					? oauth2.getError().getErrorCode() : "";
			String page = switch (error) {
				case OAuth2ErrorCodes.ACCESS_DENIED -> ACTIVATED + "?denied";
				case InvalidAuthorizationDetails.ERROR_CODE -> ACTIVATED + "?refused";
				default -> ACTIVATE + "?invalid";
			};
			response.sendRedirect(request.getContextPath() + page);
		};
	}

}
