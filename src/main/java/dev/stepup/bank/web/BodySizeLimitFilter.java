package dev.stepup.bank.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a body over {@code bank.web.max-body-size} with 413, whatever its
 * content type: at once when Content-Length says so, and for a chunked body as
 * soon as one byte too many is read, through the stream or the reader (the
 * read fails with {@link PayloadTooLarge}, which the problem handler answers
 * as 413). Nothing else reads a body: the container parses no form or
 * multipart body into parameters ({@code WebConfiguration}).
 * <p>
 * A body in a content coding ({@code Content-Encoding} other than
 * {@code identity}) is refused too, with 415 and {@code Accept-Encoding:
 * identity} (RFC 9110 sections 8.4.1 and 15.5.16): nothing here decodes one,
 * and reading the coded bytes as JSON would act on something other than what
 * the client sent.
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemWriter problems;

	BodySizeLimitFilter(DataSize maxBodySize, ProblemWriter problems) {
		this.maxBytes = maxBodySize.toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			this.problems.write(response, tooLarge(this.maxBytes), Map.of());
			return;
		}
		String coding = contentCoding(request);
		if (coding != null) {
			this.problems.write(response, codingRefused(coding), Map.of(HttpHeaders.ACCEPT_ENCODING, "identity"));
			return;
		}
		chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
	}

	/** The first content coding other than identity the request names, or null. */
	private static String contentCoding(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(HttpHeaders.CONTENT_ENCODING);
		while (values != null && values.hasMoreElements()) {
			for (String coding : values.nextElement().split(",")) {
				String trimmed = coding.strip();
				if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("identity")) {
					return trimmed;
				}
			}
		}
		return null;
	}

	private static ProblemDetail codingRefused(String coding) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"the request body must not be in a content coding (Content-Encoding"
						+ (Problems.echoable(coding) ? " " + coding : "") + "): send it as it is");
		problem.setTitle("Content coding not supported");
		problem.setType(URI.create("urn:stepup-bank:problem:unsupported-content-coding"));
		return problem;
	}

	static ProblemDetail tooLarge(long maxBytes) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
				"the request body is larger than " + maxBytes + " bytes");
		problem.setTitle("Request body too large");
		problem.setType(URI.create("urn:stepup-bank:problem:body-too-large"));
		return problem;
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		private BufferedReader reader;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		/** Through the limited stream too: the container's own reader would read past the limit. */
		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset;
				try {
					charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
				}
				catch (IllegalArgumentException unknown) {
					throw new UnsupportedEncodingException(encoding);
				}
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream delegate, long maxBytes) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws PayloadTooLarge {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new PayloadTooLarge(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
