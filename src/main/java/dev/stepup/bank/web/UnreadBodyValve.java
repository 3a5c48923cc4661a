package dev.stepup.bank.web;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * A request answered without its body being read (refused before
 * authentication, 415, 413, …) has its connection closed instead of drained.
 * By default Tomcat reads and discards what is left of the body after the
 * answer, on the worker thread, so a client that announces a body and sends it
 * slowly, or never, would hold a thread for the whole read timeout whatever the
 * API answered. The answer is finished and flushed before the close. (Tomcat's
 * own way for an aborted upload, {@code DISABLE_SWALLOW_INPUT}, would mark the
 * exchange as failed, and a committed answer would then be cut short by the
 * error page machinery; the exception given to {@code CLOSE_NOW} keeps the
 * recorded status as it was.)
 */
final class UnreadBodyValve extends ValveBase {

	UnreadBodyValve() {
		super(true);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		try {
			getNext().invoke(request, response);
		}
		finally {
			AtomicBoolean fullyRead = new AtomicBoolean(true);
			request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
			if (!fullyRead.get()) {
				// the whole answer first, then the close: the client reads a complete response
				response.finishResponse();
				request.getCoyoteRequest().action(ActionCode.CLOSE_NOW, new IOException("request body left unread"));
			}
		}
	}

}
