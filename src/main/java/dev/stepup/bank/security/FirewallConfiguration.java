package dev.stepup.bank.security;

import java.util.Map;
import java.util.Set;

import dev.stepup.bank.web.ProblemWriter;
import dev.stepup.bank.web.Problems;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with every default rule, its header
 * character checks done without regular expressions ({@link HeaderCharacters}).
 * <p>
 * A request it refuses is 400, as by default, with the problem of
 * {@code /error}; but a method outside the methods it lets through (its
 * default ones, named here so the two cannot differ) is one this API does not
 * implement: 501, as RFC 9110 section 9.1 asks. A method it lets through that
 * a path does not have is Spring MVC's 405 with {@code Allow}.
 */
@Configuration(proxyBeanMethods = false)
class FirewallConfiguration {

	/** StrictHttpFirewall's default methods. */
	static final Set<String> METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

	@Bean
	WebSecurityCustomizer strictFirewallWithoutRegexHeaderChecks(ProblemWriter problems) {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
		firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
		firewall.setAllowedHttpMethods(METHODS);
		RequestRejectedHandler badRequest = new HttpStatusRequestRejectedHandler();
		RequestRejectedHandler rejected = (request, response, ex) -> {
			if (METHODS.contains(request.getMethod())) {
				badRequest.handle(request, response, ex);
				return;
			}
			String method = request.getMethod();
			problems.write(response,
					Problems.of(HttpStatus.NOT_IMPLEMENTED, "not-implemented", "Not implemented",
							(Problems.echoable(method) ? "the method " + method : "the request's method")
									+ " is not one this API implements"),
					Map.of());
		};
		return (web) -> web.httpFirewall(firewall).requestRejectedHandler(rejected);
	}

}
