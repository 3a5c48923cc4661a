package dev.stepup.demo.stepup;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * The rule of this authorization server: an authorization request must pass the
 * second factor itself, whatever the session already proved, when it asks for a
 * money-moving scope ({@code transfer:funds}), names multi-factor authentication
 * in {@code acr_values}, sends {@code max_age}, or asks to approve a payment
 * ({@code authorization_details}). Otherwise a password is enough.
 */
@Component
public final class StepUpPolicy {

	private final Set<String> secondFactorScopes;

	private final Set<String> multiFactorAcrValues;

	StepUpPolicy(StepUpProperties properties) {
		this.secondFactorScopes = Set.copyOf(properties.scopes());
		this.multiFactorAcrValues = Set.copyOf(properties.acrValues());
	}

	boolean requiresSecondFactor(AuthorizationRequestFacts request) {
		// A request whose scopes live elsewhere could be asking for anything: assume the worst.
		return request.contentHidden() || request.maxAgeRequested() || request.authorizationDetails() != null
				|| requiresSecondFactor(request.scopes())
				|| !Collections.disjoint(request.acrValues(), this.multiFactorAcrValues);
	}

	/** Whether granting {@code scopes} needs a second factor in the same request. */
	public boolean requiresSecondFactor(Collection<String> scopes) {
		return !Collections.disjoint(scopes, this.secondFactorScopes);
	}

	/** Those of {@code scopes} that need a second factor, in order. */
	public List<String> secondFactorScopesIn(Collection<String> scopes) {
		return scopes.stream().filter(this.secondFactorScopes::contains).sorted().toList();
	}

}
