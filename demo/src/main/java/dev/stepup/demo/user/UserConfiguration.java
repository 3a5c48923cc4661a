package dev.stepup.demo.user;

import java.time.Clock;

import dev.stepup.demo.totp.TotpVerifier;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

@Configuration(proxyBeanMethods = false)
class UserConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService userDetailsService(DemoUsers users, PasswordEncoder passwordEncoder) {
		return new InMemoryUserDetailsManager(users.all()
			.stream()
			.map((user) -> User.withUsername(user.username())
				.password(passwordEncoder.encode(user.password()))
				.roles("CUSTOMER")
				.build())
			.toList());
	}

	@Bean
	TotpVerifier totpVerifier(Clock clock) {
		return new TotpVerifier(clock);
	}

}
