package dev.stepup.bank.security;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.ForgedTokens;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.web.context.support.RequestHandledEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application events a request publishes (SecurityObservationConfiguration,
 * application.yml): a refused token still publishes Spring Security's failure
 * event for an operator's listener; an accepted one publishes no success event,
 * and no request publishes Spring MVC's request-handled event.
 */
@ApiIntegrationTest
class AuthenticationEventsIntegrationTests extends ApiTestSupport {

	@Autowired
	ConfigurableApplicationContext context;

	final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();

	final ApplicationListener<ApplicationEvent> recorder = this.events::add;

	@BeforeEach
	void record() {
		this.context.addApplicationListener(this.recorder);
	}

	@AfterEach
	void stopRecording() {
		this.context
			.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME, ApplicationEventMulticaster.class)
			.removeApplicationListener(this.recorder);
	}

	@Test
	void balanceWhenTheTokenIsAcceptedThenNoAuthenticationOrRequestEvent() {
		String subject = this.bank.newCustomer("10.00").subject();

		Api.Response response = this.api.get("/balance", TokenMint.balance(subject).sign());

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.events).noneMatch(AbstractAuthenticationEvent.class::isInstance)
			.noneMatch(RequestHandledEvent.class::isInstance);
	}

	@Test
	void balanceWhenTheTokenIsRefusedThenAFailureEvent() {
		String subject = this.bank.newCustomer("10.00").subject();
		String unsigned = ForgedTokens.withoutSignature(TokenMint.balance(subject).sign());

		Api.Response response = this.api.get("/balance", unsigned);

		assertThat(response.status()).isEqualTo(401);
		assertThat(this.events).filteredOn(AbstractAuthenticationFailureEvent.class::isInstance)
			.as("failure events")
			.hasSize(1);
	}

}
