package dev.stepup.bank.security.dpop;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.stepup.bank.security.AuthorizationHeader;
import dev.stepup.bank.security.TokenError;
import dev.stepup.bank.security.TokenIdentity;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: DPoP <token>} requests, in place of the
 * filter Spring Security 7.0 adds to every resource server: the token goes
 * through the same decoder as a bearer token, then the one proof is verified
 * ({@link DPoPProofVerifier}) and recorded as used before anything else runs.
 * A bearer request on a route where policy requires DPoP is refused here.
 * Everything else passes untouched to the bearer filter.
 */
final class DPoPAuthenticationFilter extends OncePerRequestFilter {

	static final String PROOF_HEADER = "DPoP";

	static final String NONCE_HEADER = "DPoP-Nonce";

	private static final String DPOP = "DPoP";

	private static final String BEARER = "Bearer";

	private static final Pattern THUMBPRINT = Pattern.compile("^[A-Za-z0-9_-]{43}$");

	private final AuthenticationProvider tokens;

	private final DPoPProofVerifier proofs;

	private final DPoPNonces nonces;

	private final DPoPChallenges challenges;

	private final AuthenticationEntryPoint entryPoint;

	private final long maxTokenLength;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	DPoPAuthenticationFilter(AuthenticationProvider tokens, DPoPProofVerifier proofs, DPoPNonces nonces,
			DPoPChallenges challenges, AuthenticationEntryPoint entryPoint, long maxTokenLength) {
		this.tokens = tokens;
		this.proofs = proofs;
		this.nonces = nonces;
		this.challenges = challenges;
		this.entryPoint = entryPoint;
		this.maxTokenLength = maxTokenLength;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<String> authorization = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		if (authorization.size() != 1 || !AuthorizationHeader.hasScheme(authorization.get(0), DPOP)) {
			if (authorization.size() == 1 && AuthorizationHeader.hasScheme(authorization.get(0), BEARER)
					&& this.challenges.requiresDpop(request)) {
				this.challenges.commence(request, response, DPoPRefusal.token("dpop_required",
						"this call needs a DPoP-bound access token and a DPoP proof"), TokenIdentity.UNKNOWN);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		request.setAttribute(DPoPChallenges.USED_DPOP, Boolean.TRUE);
		DPoPAuthentication authentication;
		try {
			authentication = authenticate(request, response, authorization.get(0));
		}
		catch (DPoPRefusal refusal) {
			this.contexts.clearContext();
			this.challenges.commence(request, response, refusal, who(request));
			return;
		}
		catch (AuthenticationException failure) {
			this.contexts.clearContext();
			this.entryPoint.commence(request, response, failure);
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(authentication);
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

	private DPoPAuthentication authenticate(HttpServletRequest request, HttpServletResponse response,
			String authorization) {
		if (authorization.length() > this.maxTokenLength + "DPoP ".length()) {
			throw TokenError.invalidToken("too_large", "token is larger than " + this.maxTokenLength + " bytes").exception();
		}
		String token = AuthorizationHeader.token(authorization, DPOP);
		if (token == null) {
			throw TokenError.invalidToken("malformed", "DPoP token is malformed").exception();
		}
		List<String> proofHeaders = Collections.list(request.getHeaders(PROOF_HEADER));
		if (proofHeaders.size() != 1 || proofHeaders.get(0).isEmpty()) {
			throw DPoPRefusal.proof("proof_count", "send exactly one DPoP proof header");
		}
		DPoPProofVerifier.Proof proof = this.proofs.parse(proofHeaders.get(0));
		if (this.nonces.enabled()) {
			response.setHeader(NONCE_HEADER, this.nonces.current(proof.keyThumbprint()));
		}
		JwtAuthenticationToken verified = (JwtAuthenticationToken) this.tokens
			.authenticate(new BearerTokenAuthenticationToken(token));
		request.setAttribute(Jwt.class.getName(), verified.getToken());
		String bound = boundThumbprint(verified.getToken());
		if (bound == null) {
			throw DPoPRefusal.token("token_not_bound", "the access token is not DPoP-bound (no cnf.jkt)");
		}
		String requestUri = RequestUri.of(request);
		this.proofs.check(proof, request.getMethod(), requestUri, token, bound);
		return new DPoPAuthentication(verified, proof.keyThumbprint());
	}

	/** {@code cnf.jkt} when it has the shape of a SHA-256 thumbprint; anything else is no binding. */
	static String boundThumbprint(Jwt jwt) {
		if (jwt.getClaims().get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt
				&& THUMBPRINT.matcher(jkt).matches()) {
			return jkt;
		}
		return null;
	}

	private static TokenIdentity who(HttpServletRequest request) {
		return request.getAttribute(Jwt.class.getName()) instanceof Jwt jwt ? TokenIdentity.of(jwt)
				: TokenIdentity.UNKNOWN;
	}

}
