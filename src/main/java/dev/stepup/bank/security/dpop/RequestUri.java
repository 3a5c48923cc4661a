package dev.stepup.bank.security.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The {@code htu} comparison of RFC 9449 section 4.3: both sides without query
 * and fragment, normalised per RFC 3986 section 6.2.2 (case of scheme and host,
 * percent-encoding case, dot segments) and 6.2.3 (default port, empty path).
 * The request side is what the servlet container reports, so behind a proxy
 * the container must be told the public scheme, host and port
 * ({@code server.forward-headers-strategy}, see README).
 */
final class RequestUri {

	private RequestUri() {
	}

	/** The normalised URI of this request, or null if the container reports something unusable. */
	static String of(HttpServletRequest request) {
		return normalise(request.getRequestURL().toString());
	}

	/** The normalised form of an absolute http(s) URI, or null when it is not one. */
	static String normalise(String value) {
		try {
			URI uri = new URI(value);
			String scheme = uri.getScheme();
			if (scheme == null || uri.getRawAuthority() == null || uri.getRawUserInfo() != null
					|| uri.getHost() == null) {
				return null;
			}
			scheme = scheme.toLowerCase(Locale.ROOT);
			if (!scheme.equals("http") && !scheme.equals("https")) {
				return null;
			}
			int port = uri.getPort();
			boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
					|| (scheme.equals("https") && port == 443);
			String rawPath = uri.normalize().getRawPath();
			String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port)
					+ percentEncodingUpperCase(path);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static String percentEncodingUpperCase(String path) {
		StringBuilder out = new StringBuilder(path.length());
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '%' && i + 2 < path.length()) {
				String hex = path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT);
				char decoded = (char) Integer.parseInt(hex, 16);
				if (unreserved(decoded)) {
					out.append(decoded);
				}
				else {
					out.append('%').append(hex);
				}
				i += 2;
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static boolean unreserved(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
