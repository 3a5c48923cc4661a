package dev.stepup.bank.security.stepup;

import dev.stepup.bank.security.BearerChallenge;
import dev.stepup.bank.security.dpop.DPoPChallenges;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The step-up refusals that only the transfer can decide, after the filter
 * chain (a spent token, a payment the token does not authorize, an
 * authentication already used), answered with the challenge the chain would
 * have sent, under the scheme the request used: a DPoP request gets a DPoP
 * challenge (RFC 9449 section 7.1). Ordered before the web module's problem
 * mapping, whose catch-all would otherwise answer them as a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StepUpRefusalHandling {

	private final DPoPChallenges challenges;

	StepUpRefusalHandling(DPoPChallenges challenges) {
		this.challenges = challenges;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tokenAlreadySpent(TokenAlreadySpent ex, HttpServletRequest request) {
		return challenged(BearerChallenge.invalidToken(ex.getMessage()), request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> stepUpRefused(StepUpRefusal ex, HttpServletRequest request) {
		return challenged(ex.challenge(), request);
	}

	private ResponseEntity<ProblemDetail> challenged(BearerChallenge challenge, HttpServletRequest request) {
		return ResponseEntity.status(challenge.status())
			.header(HttpHeaders.WWW_AUTHENTICATE, this.challenges.wwwAuthenticate(request, challenge))
			.body(challenge.problem());
	}

}
