package dev.stepup.bank.security.dpop;

import java.io.IOException;
import java.util.Map;

import dev.stepup.bank.audit.AuditLog;
import dev.stepup.bank.security.BearerChallenge;
import dev.stepup.bank.security.ResourceMetadata;
import dev.stepup.bank.security.TokenIdentity;
import dev.stepup.bank.security.TokenRefusals;
import dev.stepup.bank.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Which scheme a refusal speaks (RFC 9449 section 7.1): a request made with
 * {@code DPoP} is answered under {@code DPoP}, every challenge with the
 * accepted {@code algs}; a request without a token learns both schemes where
 * both are accepted, and only {@code DPoP} where policy requires it. DPoP
 * refusals are counted and audited by cause; the proof and the token never
 * leave this class.
 */
@Component
public class DPoPChallenges {

	public static final String SCHEME = "DPoP";

	static final String USED_DPOP = DPoPChallenges.class.getName() + ".usedDpop";

	private static final RequestMatcher TRANSFER = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.POST, "/transfer");

	/** HEAD too: Spring MVC runs it as the GET it stands for. */
	private static final RequestMatcher READS = new OrRequestMatcher(
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/balance"),
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.HEAD, "/balance"),
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/transfers/*"),
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.HEAD, "/transfers/*"));

	private final DPoPProperties properties;

	private final ProblemWriter problems;

	private final TokenRefusals refusals;

	private final AuditLog audit;

	DPoPChallenges(DPoPProperties properties, ProblemWriter problems, TokenRefusals refusals, AuditLog audit) {
		this.properties = properties;
		this.problems = problems;
		this.refusals = refusals;
		this.audit = audit;
	}

	/** The {@code WWW-Authenticate} value for this challenge to this request. */
	public String wwwAuthenticate(HttpServletRequest request, BearerChallenge challenge) {
		String metadata = ResourceMetadata.url(request);
		if (request.getAttribute(USED_DPOP) != null) {
			return dpop(challenge, metadata);
		}
		if (challenge.error() == null && requiresDpop(request)) {
			return dpop(challenge, metadata);
		}
		return challenge.error() == null ? challenge.headerValueWithResourceMetadata(metadata) + ", " + dpop(challenge, metadata)
				: challenge.headerValueWithResourceMetadata(metadata);
	}

	/** Answers a DPoP refusal: counted and audited with its cause, rendered under the right scheme. */
	public void commence(HttpServletRequest request, HttpServletResponse response, DPoPRefusal refusal,
			TokenIdentity who) throws IOException {
		BearerChallenge challenge = refusal.challenge();
		TokenRefusals.Refusal refused = new TokenRefusals.Refusal(challenge.error(), refusal.cause(),
				challenge.description(), who);
		this.refusals.refused(refused, request.getMethod(), request.getRequestURI());
		this.audit.event("dpop.refused", "DPoP refusal",
				refused.auditFields(request.getMethod(), request.getRequestURI()));
		String metadata = ResourceMetadata.url(request);
		String header = refusal.bearerAlsoAccepted()
				? challenge.headerValueWithResourceMetadata(metadata) + ", " + dpop(BearerChallenge.missingToken(), metadata)
				: dpop(challenge, metadata);
		this.problems.write(response, challenge.problem(), Map.of(HttpHeaders.WWW_AUTHENTICATE, header));
	}

	/** Writes a bearer challenge: its problem body, and its header under the scheme this request speaks. */
	public void write(HttpServletRequest request, HttpServletResponse response, BearerChallenge challenge)
			throws IOException {
		this.problems.write(response, challenge.problem(),
				Map.of(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate(request, challenge)));
	}

	/**
	 * Whether policy refuses this call without a DPoP-bound token and proof.
	 * The same kind of matchers as the URL rules, so an encoded path that the
	 * rules and the controllers see as {@code /transfer} is one here too.
	 */
	boolean requiresDpop(HttpServletRequest request) {
		return (this.properties.requiredForTransfers() && TRANSFER.matches(request))
				|| (this.properties.requiredForReads() && READS.matches(request));
	}

	/** The DPoP challenge: RFC 6750's parameters, then algs, then RFC 9728's resource_metadata, as on the Bearer one. */
	private String dpop(BearerChallenge challenge, String resourceMetadata) {
		String algs = "algs=\"" + this.properties.algs() + "\"";
		String metadata = "resource_metadata=\"" + BearerChallenge.quotable(resourceMetadata) + "\"";
		return (challenge.error() == null ? SCHEME + " " + algs : challenge.headerValue(SCHEME) + ", " + algs) + ", "
				+ metadata;
	}

}
