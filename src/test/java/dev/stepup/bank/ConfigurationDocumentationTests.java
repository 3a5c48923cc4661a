package dev.stepup.bank;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's property table (section "Configuration") against the metadata
 * the configuration processor generates from the {@code @ConfigurationProperties}
 * records, where each default is written once: every {@code bank.*} property is
 * documented, with its record's default, and nothing is documented that does not
 * bind. A failure lists every difference.
 */
class ConfigurationDocumentationTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	/** {@code | `bank.x.y` | `default` | meaning |}; a default without a value is {@code —}. */
	private static final Pattern ROW = Pattern.compile("^\\| `(bank\\.[a-z0-9.-]+)` \\| (.+?) \\| .+\\|$");

	private static final String NO_DEFAULT = "—";

	@Test
	void readmeDocumentsEveryBankPropertyWithTheDefaultOfItsRecord() throws IOException {
		Map<String, String> documented = documented(Files.readString(Path.of("README.md")));
		Map<String, JsonNode> generated = generated();
		assertThat(generated).as("bank.* properties in %s (is the processor on the compile path?)", METADATA)
			.isNotEmpty();

		List<String> differences = new ArrayList<>();
		generated.forEach((name, property) -> {
			if (!documented.containsKey(name)) {
				differences.add(name + ": bound, but not in the README table");
			}
			else if (!documented.get(name).equals(defaultOf(property))) {
				differences.add(name + ": README says " + documented.get(name) + ", the record " + defaultOf(property));
			}
			if (property.path("description").asString("").isBlank()) {
				differences.add(name + ": no description (a @param on its record component)");
			}
		});
		documented.keySet()
			.stream()
			.filter((name) -> !generated.containsKey(name))
			.forEach((name) -> differences.add(name + ": in the README table, but no such property"));

		assertThat(differences).as("README \"Configuration\" table against %s", METADATA).isEmpty();
	}

	@Test
	void readmeTableRowsAreReadAsTheyAreWritten() {
		String readme = """
				# Title

				## Configuration

				| property | default | meaning |
				|---|---|---|
				| `bank.a.size` | `16KB` | larger bodies get `413` |
				| `bank.a.secret` | — | a key \\| with a bar |
				| `bank.a.list` | `mfa, otp` | a list |

				## Next
				| `bank.b.outside` | `1` | not in the section |
				""";
		assertThat(documented(readme)).containsExactly(Map.entry("bank.a.list", "mfa, otp"),
				Map.entry("bank.a.secret", NO_DEFAULT), Map.entry("bank.a.size", "16KB"));
	}

	/** Property to default as the README's "Configuration" table writes them, backticks removed. */
	static Map<String, String> documented(String readme) {
		int start = readme.indexOf("\n## Configuration\n");
		assertThat(start).as("README section \"## Configuration\"").isNotNegative();
		int end = readme.indexOf("\n## ", start + 1);
		Map<String, String> documented = new TreeMap<>();
		for (String line : readme.substring(start, (end < 0) ? readme.length() : end).split("\n")) {
			Matcher row = ROW.matcher(line.strip());
			if (row.matches()) {
				String previous = documented.put(row.group(1), row.group(2).replace("`", "").strip());
				assertThat(previous).as("README documents %s twice", row.group(1)).isNull();
			}
		}
		return documented;
	}

	private static Map<String, JsonNode> generated() throws IOException {
		Map<String, JsonNode> properties = new TreeMap<>();
		try (InputStream metadata = ConfigurationDocumentationTests.class.getClassLoader()
			.getResourceAsStream(METADATA)) {
			assertThat(metadata).as(METADATA + " on the class path").isNotNull();
			for (JsonNode property : JsonMapper.shared().readTree(metadata).path("properties")) {
				String name = property.path("name").asString();
				if (name.startsWith("bank.")) {
					properties.put(name, property);
				}
			}
		}
		return properties;
	}

	/** The default as the README writes it: lists joined by ", ", no value as {@value #NO_DEFAULT}. */
	private static String defaultOf(JsonNode property) {
		JsonNode value = property.path("defaultValue");
		if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			return String.join(", ", items);
		}
		String text = value.isMissingNode() || value.isNull() ? "" : value.asString();
		// the processor writes a record's multi-valued @DefaultValue as one string, "[a, b]"
		if (isCollection(property) && text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		return text.isEmpty() ? NO_DEFAULT : text;
	}

	private static boolean isCollection(JsonNode property) {
		String type = property.path("type").asString("");
		return type.startsWith("java.util.List<") || type.startsWith("java.util.Set<") || type.endsWith("[]");
	}

}
