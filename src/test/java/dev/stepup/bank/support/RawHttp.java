package dev.stepup.bank.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte, for requests {@link java.net.http.HttpClient}
 * will not send as asked: it replaces a non-ASCII header value by '?'.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** Sends a POST whose extra header lines are written as the given bytes, and reads the whole response. */
	public static Api.Response post(int port, String path, byte[] extraHeaderLines, String body) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
					+ "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(extraHeaderLines);
			out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
			out.write(content);
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Opens a connection and writes the request head and as much of the body as
	 * given, then leaves the socket open: the caller decides whether the rest ever
	 * comes. A write the server cut short by answering and closing is not an error.
	 */
	public static Socket start(int port, String head, byte[] bodyPrefix) {
		try {
			Socket socket = new Socket("127.0.0.1", port);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((head.endsWith("\r\n\r\n") ? head : head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(bodyPrefix);
				out.flush();
			}
			catch (IOException answeredAndClosed) {
				// the server may answer and close before the whole body is written
			}
			return socket;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends {@code head} and then {@code body} in chunks of 8 KB, tolerating a server that answers early. */
	public static Api.Response chunked(int port, String head, byte[] body) {
		try (Socket socket = start(port, head + "Transfer-Encoding: chunked\r\n", new byte[0])) {
			OutputStream out = socket.getOutputStream();
			try {
				for (int offset = 0; offset < body.length; offset += 8192) {
					int length = Math.min(8192, body.length - offset);
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(body, offset, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException answeredAndClosed) {
				// the answer is what counts
			}
			return read(socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The response on this socket: everything up to the end of its body or the connection's close. */
	public static Api.Response read(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				raw.write(buffer, 0, n);
				if (complete(raw.toByteArray())) {
					break;
				}
			}
		}
		catch (java.net.SocketException resetAfterTheAnswer) {
			if (raw.size() == 0) {
				throw resetAfterTheAnswer;
			}
		}
		return parse(raw.toByteArray());
	}

	private static boolean complete(byte[] raw) {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
		java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length: *(\\d+)").matcher(head);
		if (length.find()) {
			return raw.length >= end + 4 + Integer.parseInt(length.group(1));
		}
		return head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
	}

	private static Api.Response parse(byte[] raw) throws IOException {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		String[] lines = text.substring(0, end).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.computeIfAbsent(lines[i].substring(0, colon).trim(), (name) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
		boolean chunked = headers.entrySet()
			.stream()
			.anyMatch((h) -> h.getKey().equalsIgnoreCase("Transfer-Encoding") && h.getValue().contains("chunked"));
		return new Api.Response(status, headers,
				new String(chunked ? dechunk(new java.io.ByteArrayInputStream(body)) : body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (true) {
			StringBuilder size = new StringBuilder();
			for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
				size.append((char) c);
			}
			int length = Integer.parseInt(size.toString().trim(), 16);
			if (length == 0) {
				return out.toByteArray();
			}
			out.write(in.readNBytes(length));
			in.readNBytes(2);
		}
	}

}
