package dev.stepup.bank.web;

import java.io.IOException;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

/** Spring's CORS rules, with the refusal written as a problem like every other error, not a bare text 403. */
class ProblemCorsProcessor extends DefaultCorsProcessor {

	private final ProblemWriter problems;

	ProblemCorsProcessor(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void rejectRequest(ServerHttpResponse response) throws IOException {
		// writes the Vary headers the processor has set so far, before the problem itself
		response.getBody();
		this.problems.write(((ServletServerHttpResponse) response).getServletResponse(),
				Problems.of(HttpStatus.FORBIDDEN, "cors-refused", "Cross-origin request refused",
						"this origin, method or header is not allowed to call the API from a browser"),
				Map.of());
	}

}
