package dev.stepup.demo.user;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page, which also shows how to enrol the demo second factors. */
@Controller
class LoginController {

	private final DemoUsers users;

	LoginController(DemoUsers users) {
		this.users = users;
	}

	@GetMapping("/login")
	String login(Model model) {
		model.addAttribute("enrolments", this.users.all()
			.stream()
			.map(this.users::enrolmentOf)
			.toList());
		return "login";
	}

}
