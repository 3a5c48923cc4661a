package dev.stepup.demo.stepup;

import java.util.Optional;

import dev.stepup.demo.stepup.StepUpSessions.PendingStepUp;
import dev.stepup.demo.totp.TotpCheck;
import dev.stepup.demo.totp.TotpVerifier;
import dev.stepup.demo.user.DemoUser;
import dev.stepup.demo.user.DemoUsers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The page where a signed-in user types the code from their authenticator app. */
@Controller
@RequestMapping(SecondFactorController.PATH)
class SecondFactorController {

	static final String PATH = "/login/otp";

	private static final String NOTHING_TO_CONFIRM = "redirect:/app/";

	private static final Log logger = LogFactory.getLog(SecondFactorController.class);

	private final StepUpSessions sessions;

	private final DemoUsers users;

	private final TotpVerifier verifier;

	SecondFactorController(StepUpSessions sessions, DemoUsers users, TotpVerifier verifier) {
		this.sessions = sessions;
		this.users = users;
		this.verifier = verifier;
	}

	@GetMapping
	String codeForm(Authentication authentication, HttpServletRequest request, Model model) {
		Optional<PendingStepUp> pending = this.sessions.pending(request);
		if (pending.isEmpty()) {
			return NOTHING_TO_CONFIRM;
		}
		return codePage(userOf(authentication), pending.get(), model, null);
	}

	@PostMapping
	String verify(@RequestParam(defaultValue = "") String code, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<PendingStepUp> pending = this.sessions.pending(request);
		if (pending.isEmpty()) {
			return NOTHING_TO_CONFIRM;
		}
		DemoUser user = userOf(authentication);
		TotpCheck check = this.verifier.check(user.username(), user.totpSecret(), code.strip());
		if (check == TotpCheck.ACCEPTED) {
			logger.info("'" + user.username() + "' passed the second factor");
			String resume = this.sessions.prove(request, pending.get());
			// The session now carries a proof of the second factor: give it a new id.
			request.changeSessionId();
			return "redirect:" + resume;
		}
		logger.info("'" + user.username() + "' entered a second-factor code that was refused: " + check);
		// A reused code counts like a wrong one, so the attempt limit bounds every refused guess.
		if (!this.sessions.recordWrongCode(request)) {
			new SecurityContextLogoutHandler().logout(request, response, authentication);
			return "redirect:/login?locked";
		}
		return codePage(user, pending.get(), model, check);
	}

	private DemoUser userOf(Authentication authentication) {
		return this.users.find(authentication.getName())
			.orElseThrow(() -> new IllegalStateException("signed-in user is not a demo user"));
	}

	private String codePage(DemoUser user, PendingStepUp pending, Model model, TotpCheck refused) {
		model.addAttribute("username", user.username());
		model.addAttribute("payments", pending.payments());
		model.addAttribute("enrolment", this.users.enrolmentOf(user));
		model.addAttribute("wrongCode", refused == TotpCheck.WRONG);
		model.addAttribute("usedCode", refused == TotpCheck.ALREADY_USED);
		return "otp";
	}

}
