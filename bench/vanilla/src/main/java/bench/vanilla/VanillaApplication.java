package bench.vanilla;

import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The vanilla Spring Boot resource server of the Spring Security samples:
 * every token verified in full (RS256 against the JWKS, exp, iss, aud), the
 * scope checked, the answer the API gives for one bench customer, from memory.
 * {@code /bare} answers the same without any token: the framework's ceiling.
 */
@SpringBootApplication
@RestController
public class VanillaApplication {

	static final Map<String, Object> BALANCE = Map.of("accounts",
			List.of(Map.of("id", "bench-0001-eur", "currency", "EUR", "balance", "1000000.00")));

	public static void main(String[] args) {
		SpringApplication.run(VanillaApplication.class, args);
	}

	@Bean
	SecurityFilterChain security(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/bare")
			.permitAll()
			.requestMatchers("/balance")
			.hasAuthority("SCOPE_view:balance")
			.anyRequest()
			.denyAll()).oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@GetMapping("/balance")
	Map<String, Object> balance() {
		return BALANCE;
	}

	@GetMapping("/bare")
	Map<String, Object> bare() {
		return BALANCE;
	}

}
