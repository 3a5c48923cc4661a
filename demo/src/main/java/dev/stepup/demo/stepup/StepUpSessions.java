package dev.stepup.demo.stepup;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;

/**
 * Remembers, in the HTTP session, which authorization request waits for the second
 * factor, and hands the passed factor to that request and no other.
 */
@Component
final class StepUpSessions {

	private static final String PENDING = StepUpSessions.class.getName() + ".PENDING";

	private static final String PROOF = StepUpSessions.class.getName() + ".PROOF";

	private final Clock clock;

	private final Duration proofTimeToLive;

	private final int maxCodeAttempts;

	StepUpSessions(Clock clock, StepUpProperties properties) {
		this.clock = clock;
		this.proofTimeToLive = properties.proofTimeToLive();
		this.maxCodeAttempts = properties.maxCodeAttempts();
	}

	/**
	 * {@code requestUrl} now waits for the second factor, to approve {@code payments}
	 * (in the customer's words; none when it moves no money); an earlier proof no
	 * longer counts.
	 */
	void begin(HttpServletRequest request, String requestUrl, List<String> payments) {
		HttpSession session = request.getSession();
		session.removeAttribute(PROOF);
		session.setAttribute(PENDING, new PendingStepUp(requestUrl, 0, payments));
	}

	Optional<PendingStepUp> pending(HttpServletRequest request) {
		return attribute(request, PENDING, PendingStepUp.class);
	}

	/** Counts a wrong code; {@code false} when no attempt is left and the step-up is abandoned. */
	boolean recordWrongCode(HttpServletRequest request) {
		Optional<PendingStepUp> pending = pending(request);
		if (pending.isEmpty()) {
			return false;
		}
		int failedAttempts = pending.get().failedAttempts() + 1;
		if (failedAttempts >= this.maxCodeAttempts) {
			request.getSession().removeAttribute(PENDING);
			return false;
		}
		request.getSession().setAttribute(PENDING, new PendingStepUp(pending.get().requestUrl(), failedAttempts,
				pending.get().payments()));
		return true;
	}

	/** The second factor was passed for the pending request; returns where to resume it. */
	String prove(HttpServletRequest request, PendingStepUp pending) {
		HttpSession session = request.getSession();
		session.removeAttribute(PENDING);
		session.setAttribute(PROOF, new SecondFactorProof(pending.requestUrl(), this.clock.instant()));
		return pending.requestUrl();
	}

	/**
	 * When the second factor was passed for {@code requestUrl}. The proof is used up
	 * either way, so it never serves a second request.
	 */
	Optional<Instant> takeProof(HttpServletRequest request, String requestUrl) {
		Optional<SecondFactorProof> proof = attribute(request, PROOF, SecondFactorProof.class);
		proof.ifPresent((used) -> request.getSession().removeAttribute(PROOF));
		return proof.filter((candidate) -> candidate.requestUrl().equals(requestUrl))
			.filter((candidate) -> !candidate.verifiedAt().plus(this.proofTimeToLive).isBefore(this.clock.instant()))
			.map(SecondFactorProof::verifiedAt);
	}

	private static <T> Optional<T> attribute(HttpServletRequest request, String name, Class<T> type) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return Optional.empty();
		}
		Object value = session.getAttribute(name);
		return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
	}

	/**
	 * An authorization request waiting for the second factor.
	 *
	 * @param requestUrl the request, path within the application and query
	 * @param failedAttempts wrong codes so far
	 * @param payments what the code approves, as the customer reads it
	 */
	record PendingStepUp(String requestUrl, int failedAttempts, List<String> payments) implements Serializable {

		PendingStepUp {
			payments = List.copyOf(payments);
		}

	}

	private record SecondFactorProof(String requestUrl, Instant verifiedAt) implements Serializable {

	}

}
