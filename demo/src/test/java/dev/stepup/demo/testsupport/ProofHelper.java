package dev.stepup.demo.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo/tools/DPoPProof.java} run exactly as the README tells curl users
 * to run it ({@code java DPoPProof.java …}), so the tests prove the commands
 * there work.
 */
public final class ProofHelper {

	private static final Path SOURCE = Path.of("tools", "DPoPProof.java");

	private final Path keyFile;

	private final String thumbprint;

	private ProofHelper(Path keyFile, String thumbprint) {
		this.keyFile = keyFile;
		this.thumbprint = thumbprint;
	}

	/** {@code java DPoPProof.java keygen KEYFILE}: a new key; its jkt is what the tool prints. */
	public static ProofHelper keygen() throws IOException {
		Path keyFile = Files.createTempDirectory("dpop-helper").resolve("key");
		return new ProofHelper(keyFile, run("keygen", keyFile.toString()));
	}

	public String thumbprint() {
		return this.thumbprint;
	}

	/** {@code java DPoPProof.java proof KEYFILE METHOD URL [TOKEN|-] [NONCE]}. */
	public String proof(String method, String url, String accessToken, String nonce) throws IOException {
		List<String> args = new ArrayList<>(List.of("proof", this.keyFile.toString(), method, url));
		if (accessToken != null || nonce != null) {
			args.add(accessToken == null ? "-" : accessToken);
		}
		if (nonce != null) {
			args.add(nonce);
		}
		return run(args.toArray(String[]::new));
	}

	private static String run(String... args) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, SOURCE.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		try {
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("DPoPProof.java " + args[0] + " failed: " + out);
			}
			return out;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
