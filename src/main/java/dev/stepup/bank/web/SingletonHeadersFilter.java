package dev.stepup.bank.web;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 400 a request that sends a header more than once when the API
 * reads it as one value. Two {@code Idempotency-Key} headers were joined into
 * the key {@code "a,b"}; two {@code Content-Type}s leave it to chance which one
 * a reader believes. {@code Authorization} is the bearer resolver's: sent
 * twice it is 400 invalid_request with its challenge.
 */
class SingletonHeadersFilter extends OncePerRequestFilter {

	static final List<String> SINGLETONS = List.of("Idempotency-Key", HttpHeaders.CONTENT_TYPE,
			HttpHeaders.CONTENT_LENGTH, HttpHeaders.ORIGIN, RequestIdFilter.HEADER);

	private final ProblemWriter problems;

	SingletonHeadersFilter(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (String name : SINGLETONS) {
			if (count(request.getHeaders(name)) > 1) {
				this.problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "duplicate-header",
						"Header sent more than once", "the " + name + " header must be sent at most once"), Map.of());
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static int count(Enumeration<String> values) {
		return (values != null) ? Collections.list(values).size() : 0;
	}

}
