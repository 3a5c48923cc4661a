package dev.stepup.bank.bench.load;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the load tools; a missing required one stops the tool. */
final class Args {

	private final Map<String, String> values = new HashMap<>();

	private final String usage;

	Args(String[] args, String usage) {
		this.usage = usage;
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw fail("unexpected argument: " + args[i]);
			}
			this.values.put(args[i].substring(2), args[++i]);
		}
	}

	String get(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw fail("missing --" + name);
		}
		return value;
	}

	String get(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	long number(String name) {
		return Long.parseLong(get(name));
	}

	long number(String name, long fallback) {
		return this.values.containsKey(name) ? number(name) : fallback;
	}

	Path path(String name) {
		return Path.of(get(name));
	}

	private IllegalArgumentException fail(String message) {
		System.err.println(message);
		System.err.println("usage: " + this.usage);
		System.exit(2);
		return new IllegalArgumentException(message);
	}

}
