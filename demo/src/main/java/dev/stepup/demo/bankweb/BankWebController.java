package dev.stepup.demo.bankweb;

import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Serves the banking page with the addresses it needs. */
@Controller
class BankWebController {

	static final String PAGE = "/app/";

	private final BankWebProperties properties;

	private final String issuer;

	BankWebController(BankWebProperties properties, AuthorizationServerSettings settings) {
		this.properties = properties;
		this.issuer = settings.getIssuer();
	}

	@GetMapping("/")
	String home() {
		return "redirect:" + PAGE;
	}

	@GetMapping(PAGE)
	String page(Model model) {
		model.addAttribute("issuer", this.issuer);
		model.addAttribute("apiUrl", this.properties.apiUrl().toString().replaceAll("/+$", ""));
		model.addAttribute("clientId", this.properties.clientId());
		model.addAttribute("redirectUri", this.issuer + PAGE);
		model.addAttribute("transferLimit", this.properties.transferLimit().toPlainString());
		return "bank";
	}

}
