package dev.stepup.bank.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.stepup.bank.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a
 * short, safe token (so a gateway's id carries through), otherwise a new
 * UUID. It is echoed in the response and put in the logging context, so every
 * log line and audit event of the request carries it.
 */
class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String offered = request.getHeader(HEADER);
		String requestId = (offered != null && SAFE.matcher(offered).matches()) ? offered : UUID.randomUUID().toString();
		response.setHeader(HEADER, requestId);
		MDC.put(AuditLog.REQUEST_ID, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(AuditLog.REQUEST_ID);
		}
	}

}
