package dev.stepup.bank.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.annotation.AnnotationTemplateExpressionDefaults;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
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
	void callWhenTokenLacksTheDeclaredScopeThenDeniedAndTheDenialNamesIt() throws NoSuchMethodException {
		authenticate("SCOPE_transfer:funds", "SCOPE_bank:operations");

		AuthorizationDeniedException denied = catchThrowableOfType(AuthorizationDeniedException.class,
				this.guarded::balance);

		assertThat(denied).isNotNull();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/balance");
		request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
				new HandlerMethod(this.guarded, Guarded.class.getMethod("balance")));
		assertThat(RequiredScope.of(denied.getAuthorizationResult(), request)).isEqualTo(Scopes.VIEW_BALANCE);
	}

	@Test
	void callWhenDeniedOutsideAControllerThenNoScopeIsClaimed() {
		authenticate("SCOPE_transfer:funds");

		AuthorizationDeniedException denied = catchThrowableOfType(AuthorizationDeniedException.class,
				this.guarded::balance);

		assertThat(RequiredScope.of(denied.getAuthorizationResult(), new MockHttpServletRequest())).isNull();
	}

	private static void authenticate(String... authorities) {
		SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("alice", null, authorities));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMethodSecurity
	static class MethodSecurity {

		@Bean
		static AnnotationTemplateExpressionDefaults scopeTemplate() {
			return SecurityConfiguration.scopeTemplate();
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

	}

}
