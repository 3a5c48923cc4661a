package dev.stepup.bank.web;

import java.io.IOException;
import java.io.Writer;
import java.util.UUID;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat answers some requests itself, before any filter runs (a header block
 * over {@code server.max-http-request-header-size}, a malformed request line);
 * its stock valve would write an HTML page. This one writes the same kind of
 * problem document as the rest of the API. Public with a no-argument
 * constructor because Tomcat instantiates it by class name.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int code = response.getStatus();
		if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus status = HttpStatus.resolve(code);
		if (status == null) {
			status = (code < 500) ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
		}
		ProblemDetail problem = Problems.ofStatus(status);
		// the problem's texts are the API's own constants: no character in them needs escaping
		String body = "{\"type\":\"" + problem.getType() + "\",\"title\":\"" + problem.getTitle() + "\",\"status\":"
				+ code + ",\"detail\":\"" + problem.getDetail() + "\"}";
		try {
			// no filter ran, so no request id was given: every response carries one
			if (response.getHeader(RequestIdFilter.HEADER) == null) {
				response.setHeader(RequestIdFilter.HEADER, UUID.randomUUID().toString());
			}
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot take a body: nothing more to say
		}
	}

}
