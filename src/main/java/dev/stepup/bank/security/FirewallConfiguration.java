package dev.stepup.bank.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with every default rule, its header
 * character checks done without regular expressions ({@link HeaderCharacters}).
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

	@Bean
	WebSecurityCustomizer strictFirewallWithoutRegexHeaderChecks() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
		firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
		return (web) -> web.httpFirewall(firewall);
	}

}
