package dev.stepup.bank.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The one declaration of an operation's scope: method security enforces
 * {@link RequiresScope} through the production template, and a denial names
 * the declared scope ({@link RequiredScope}) without reading any expression
 * text.
 */
@SpringJUnitConfig(RequiresScopeTests.MethodSecurity.class)
class RequiresScopeTests {

	@Autowired
	Guarded guarded;

	@AfterEach
	void signOut() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void callWhenTokenHasTheDeclaredScopeThenAllowed() {
		authenticate("SCOPE_view:balance");

		assertThat(this.guarded.balance()).isEqualTo("balance");
	}

	@Test
	void callWhenTokenLacksTheDeclaredScopeThenDeniedAndTheDenialNamesIt() {
		authenticate("SCOPE_transfer:funds", "SCOPE_bank:operations");

		AuthorizationDeniedException denied = catchThrowableOfType(AuthorizationDeniedException.class,
				this.guarded::balance);

		assertThat(denied).isNotNull();
		assertThat(RequiredScope.of(denied.getAuthorizationResult())).isEqualTo(Scopes.VIEW_BALANCE);
	}

	@Test
	void callWhenAnonymousThenDenied() {
		SecurityContextHolder.getContext()
			.setAuthentication(new AnonymousAuthenticationToken("key", "anonymous",
					AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

		assertThatExceptionOfType(AuthorizationDeniedException.class).isThrownBy(this.guarded::balance);
	}

	@Test
	void callWhenTheScopeIsAnotherMethodsThenEachMethodItsOwn() {
		authenticate("SCOPE_view:balance");

		assertThat(this.guarded.balance()).isEqualTo("balance");
		assertThatExceptionOfType(AuthorizationDeniedException.class).isThrownBy(this.guarded::transfer);
		assertThat(this.guarded.unguarded()).as("a method without the annotation is not intercepted")
			.isEqualTo("unguarded");
	}

	private static void authenticate(String... authorities) {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", null, authorities));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity(prePostEnabled = false)
	static class MethodSecurity {

		@Bean
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		static Advisor requiresScope() {
			return SecurityConfiguration.requiresScope();
		}

		@Bean
		Guarded guarded() {
			return new Guarded();
		}

	}

	static class Guarded {

		@RequiresScope(Scopes.VIEW_BALANCE)
		public String balance() {
			return "balance";
		}

		@RequiresScope(Scopes.TRANSFER_FUNDS)
		public String transfer() {
			return "transfer";
		}

		public String unguarded() {
			return "unguarded";
		}

	}

}
