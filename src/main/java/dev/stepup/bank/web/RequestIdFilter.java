package dev.stepup.bank.web;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
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

	/**
	 * Also on the container's error dispatch: an error Tomcat raises before any
	 * filter ran (a TRACE, say) is rendered there, and needs its id too. An
	 * error dispatch after a filtered request keeps the id already given.
	 */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String requestId = response.getHeader(HEADER);
		if (requestId == null) {
			List<String> offered = Collections.list(request.getHeaders(HEADER));
			// one safe id is the caller's; none, two or an unsafe one gets an id of ours
			requestId = (offered.size() == 1 && SAFE.matcher(offered.get(0)).matches()) ? offered.get(0)
					: UUID.randomUUID().toString();
			response.setHeader(HEADER, requestId);
		}
		MDC.put(AuditLog.REQUEST_ID, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(AuditLog.REQUEST_ID);
		}
	}

}
