package dev.stepup.bank.bench.load;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of PostgreSQL that counts the API's database round
 * trips: every Sync (the end of an extended-protocol exchange, after which
 * the client waits for ReadyForQuery) and every simple Query the clients send.
 * Writes the running totals to {@code --count-out} five times a second
 * ({@code syncs queries}); bench/perf.sh reads them before and after a pass.
 *
 * <pre>RoundTrips --listen-port-out FILE --count-out FILE --target-host H --target-port P</pre>
 */
public final class RoundTrips {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_REQUEST = 80877104;

	private static final int CANCEL_REQUEST = 80877102;

	private static final AtomicLong syncs = new AtomicLong();

	private static final AtomicLong queries = new AtomicLong();

	private RoundTrips() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments,
				"RoundTrips --listen-port-out FILE --count-out FILE --target-host HOST --target-port PORT");
		String host = args.get("target-host");
		int port = (int) args.number("target-port");
		Path countOut = args.path("count-out");
		try (ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) {
			Thread writer = new Thread(() -> writeCounts(countOut), "round-trip-counts");
			writer.setDaemon(true);
			writer.start();
			Files.writeString(args.path("listen-port-out"), Integer.toString(server.getLocalPort()));
			while (true) {
				Socket client = server.accept();
				Socket database = new Socket(host, port);
				client.setTcpNoDelay(true);
				database.setTcpNoDelay(true);
				daemon(() -> pipe(database, client, false));
				daemon(() -> pipe(client, database, true));
			}
		}
	}

	private static void daemon(Runnable work) {
		Thread thread = new Thread(work, "round-trip-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private static void writeCounts(Path out) {
		Path temporary = out.resolveSibling(out.getFileName() + ".tmp");
		while (true) {
			try {
				Files.writeString(temporary, syncs.get() + " " + queries.get() + "\n", StandardCharsets.US_ASCII);
				Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				Thread.sleep(200);
			}
			catch (IOException | InterruptedException ex) {
				return;
			}
		}
	}

	/** Copies {@code from} to {@code to}; on the client's side, reads the protocol's message frames to count. */
	private static void pipe(Socket from, Socket to, boolean fromClient) {
		try (from; to) {
			InputStream in = from.getInputStream();
			OutputStream out = new BufferedOutputStream(to.getOutputStream(), 65536);
			if (!fromClient) {
				byte[] chunk = new byte[65536];
				for (int n; (n = in.read(chunk)) >= 0;) {
					out.write(chunk, 0, n);
					if (in.available() == 0) {
						out.flush();
					}
				}
				return;
			}
			DataInputStream frames = new DataInputStream(in);
			// untyped messages first: SSL or GSS requests (answered by one byte), then the startup message
			while (true) {
				int length = frames.readInt();
				byte[] body = frames.readNBytes(length - 4);
				out.write(intBytes(length));
				out.write(body);
				out.flush();
				int code = ((body[0] & 0xFF) << 24) | ((body[1] & 0xFF) << 16) | ((body[2] & 0xFF) << 8) | (body[3] & 0xFF);
				if (code == CANCEL_REQUEST) {
					return;
				}
				if (code != SSL_REQUEST && code != GSS_REQUEST) {
					break;
				}
			}
			byte[] buffer = new byte[8192];
			while (true) {
				int type = frames.read();
				if (type < 0) {
					return;
				}
				int length = frames.readInt();
				if (type == 'S') {
					syncs.incrementAndGet();
				}
				else if (type == 'Q') {
					queries.incrementAndGet();
				}
				out.write(type);
				out.write(intBytes(length));
				int left = length - 4;
				while (left > 0) {
					int n = frames.read(buffer, 0, Math.min(buffer.length, left));
					if (n < 0) {
						return;
					}
					out.write(buffer, 0, n);
					left -= n;
				}
				if (frames.available() == 0) {
					out.flush();
				}
			}
		}
		catch (IOException closed) {
			// either side closed the connection: the other is closed with it
		}
	}

	private static byte[] intBytes(int value) {
		return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
	}

}
