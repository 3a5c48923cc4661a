package dev.stepup.bank.web;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside Spring MVC (by the container, a filter, the security
 * firewall) end up on {@code /error}; this keeps them problem+json instead of
 * Boot's own error page. The problem is written here rather than returned,
 * because Spring would fill its {@code instance} with the path of this
 * dispatch, {@code /error}: the instance is the path the client asked for, and
 * only when it is a plain one (a path the firewall refused is the attacker's
 * text, and is not repeated).
 */
@RestController
@Hidden // the container's, not an operation of the API
class ProblemErrorController implements ErrorController {

	/**
	 * Segments of letters, digits and {@code . _ ~ -}, as the API's own paths:
	 * none empty, none a dot segment.
	 */
	private static final Pattern PLAIN_PATH = Pattern.compile("(/(?!\\.{1,2}(/|$))[A-Za-z0-9._~-]{1,64}){1,8}");

	private final ProblemWriter problems;

	ProblemErrorController(ProblemWriter problems) {
		this.problems = problems;
	}

	@RequestMapping("/error")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || status.is2xxSuccessful()) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemDetail problem = Problems.ofStatus(status);
		if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path
				&& PLAIN_PATH.matcher(path).matches()) {
			problem.setInstance(URI.create(path));
		}
		this.problems.write(response, problem, Map.of());
	}

}
