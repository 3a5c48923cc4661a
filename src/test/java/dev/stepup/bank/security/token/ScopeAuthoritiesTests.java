package dev.stepup.bank.security.token;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/** Scopes read from scope, scp and permissions; a claim of another shape grants nothing. */
class ScopeAuthoritiesTests {

	final ScopeAuthorities converter = new ScopeAuthorities("sub");

	@Test
	void convertWhenScopeIsASpaceSeparatedStringThenOneAuthorityPerScope() {
		assertThat(authorities(Map.of("scope", "view:balance  transfer:funds ")))
			.containsExactly("SCOPE_view:balance", "SCOPE_transfer:funds");
	}

	@Test
	void convertWhenScpIsAnArrayThenOneAuthorityPerElement() {
		assertThat(authorities(Map.of("scp", List.of("view:balance", "transfer:funds"))))
			.containsExactly("SCOPE_view:balance", "SCOPE_transfer:funds");
	}

	@Test
	void convertWhenScpIsAStringThenSplitOnSpaces() {
		assertThat(authorities(Map.of("scp", "view:balance transfer:funds")))
			.containsExactly("SCOPE_view:balance", "SCOPE_transfer:funds");
	}

	@Test
	void convertWhenPermissionsIsAnArrayThenOneAuthorityPerPermission() {
		assertThat(authorities(Map.of("permissions", List.of("transfer:funds")))).containsExactly("SCOPE_transfer:funds");
	}

	@Test
	void convertWhenScopesRepeatAcrossClaimsThenEachAuthorityOnce() {
		assertThat(authorities(Map.of("scope", "view:balance", "scp", List.of("view:balance"), "permissions",
				List.of("view:balance", "transfer:funds"))))
			.containsExactlyInAnyOrder("SCOPE_view:balance", "SCOPE_transfer:funds");
	}

	@Test
	void convertWhenClaimIsNeitherStringNorArrayThenNoAuthority() {
		assertThat(authorities(Map.of("scope", 42, "scp", Map.of("transfer:funds", true)))).isEmpty();
	}

	@Test
	void convertWhenArrayHasNonStringsOrBlanksThenTheyAreSkipped() {
		assertThat(authorities(Map.of("permissions", List.of(1, "", " ", "view:balance")))).containsExactly(
				"SCOPE_view:balance");
	}

	@Test
	void convertWhenArrayElementHoldsTwoScopesThenItGrantsNeither() {
		assertThat(authorities(Map.of("permissions", List.of("view:balance transfer:funds")))).isEmpty();
	}

	@Test
	void convertWhenNoScopeClaimThenNoAuthority() {
		assertThat(authorities(Map.of("other", "value"))).isEmpty();
	}

	@Test
	void convertThenPrincipalNameIsTheSubject() {
		AbstractAuthenticationToken authentication = this.converter.convert(jwt(Map.of("scope", "view:balance")));

		assertThat(authentication.getName()).isEqualTo("alice");
	}

	@Test
	void convertWhenCustomerClaimConfiguredThenPrincipalNameIsItsValue() {
		Jwt jwt = jwt(Map.of("scp", List.of("view:balance"), "uid", "00u1customer"));

		AbstractAuthenticationToken authentication = new ScopeAuthorities("uid").convert(jwt);

		assertThat(authentication.getName()).isEqualTo("00u1customer");
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("SCOPE_view:balance");
	}

	@Test
	void convertWhenCustomerClaimMissingThenNoCustomerScopeAndNameIsTheSubject() {
		Jwt jwt = jwt(Map.of("scope", "view:balance transfer:funds bank:operations"));

		AbstractAuthenticationToken authentication = new ScopeAuthorities("uid").convert(jwt);

		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("SCOPE_bank:operations");
	}

	@Test
	void convertWhenCustomerClaimIsNotAUsableStringThenNoCustomerScope() {
		for (Object bad : new Object[] { 42, List.of("alice"), "", " ", "a\nb", "x".repeat(256) }) {
			Jwt jwt = jwt(Map.of("scope", "view:balance transfer:funds", "uid", bad));

			assertThat(new ScopeAuthorities("uid").convert(jwt).getAuthorities()).as("customer claim %s", bad).isEmpty();
		}
	}

	private List<String> authorities(Map<String, Object> claims) {
		return this.converter.convert(jwt(claims))
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	private static Jwt jwt(Map<String, Object> claims) {
		return Jwt.withTokenValue("token").header("alg", "RS256").subject("alice").claims((c) -> c.putAll(claims)).build();
	}

}
