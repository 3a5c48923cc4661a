package dev.stepup.demo.authserver;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Where a terminal user types the code their device grant showed them. */
@Controller
class DeviceActivationController {

	static final String ACTIVATE = "/activate";

	static final String ACTIVATED = "/activated";

	@GetMapping(ACTIVATE)
	String activate(@RequestParam(name = "user_code", required = false) String userCode, Model model) {
		model.addAttribute("userCode", userCode);
		return "activate";
	}

	@GetMapping(ACTIVATED)
	String activated() {
		return "activated";
	}

}
