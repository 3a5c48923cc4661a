package dev.stepup.bank.money;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Reads an amount of a request body exactly: a JSON number as the decimal it
 * spells ({@code 25.10}, {@code 1e2}), or a string holding a plain decimal
 * ({@code "25.10"}, {@code "-5"}), never through a binary float. Jackson's own
 * string form is lenient: it trims whitespace and control characters and takes
 * whatever {@link BigDecimal#BigDecimal(String)} takes, so {@code " 1.00"},
 * {@code "1.00\u0000"}, {@code "+1"}, {@code ".5"}, {@code "01"} and
 * {@code "1e2"} all became money. A string that is not exactly a plain decimal
 * is refused here as a value of the wrong format (a {@code 400}); the sign and
 * the digits go on to {@link Money}, which refuses negative amounts, too many
 * digits and too fine a fraction with their own reasons.
 */
public final class ExactDecimal extends StdScalarDeserializer<BigDecimal> {

	private static final Pattern PLAIN = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?");

	public ExactDecimal() {
		super(BigDecimal.class);
	}

	@Override
	public BigDecimal deserialize(JsonParser parser, DeserializationContext context) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
			return parser.getDecimalValue();
		}
		if (token == JsonToken.VALUE_STRING) {
			String text = parser.getString();
			if (!PLAIN.matcher(text).matches()) {
				throw context.weirdStringException(text, BigDecimal.class,
						"not a plain decimal such as \"25.00\"");
			}
			return new BigDecimal(text);
		}
		return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
	}

}
