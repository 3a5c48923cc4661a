package dev.stepup.bank.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The answers are JSON, and JSON is UTF-8 (RFC 8259 section 8.1; the
 * {@code application/json} type defines no {@code charset} parameter). An
 * Accept such as {@code application/json; charset=ISO-8859-1} still asks for
 * JSON, so its charset is dropped before negotiation: otherwise a handler
 * mapped with {@code produces = "application/json"} matches it, no converter
 * can write that charset, and Spring answers 500 ("Failed to write request")
 * after the handler ran, instead of the JSON it can give.
 * <p>
 * A weight of 0 means "not acceptable" (RFC 9110 section 12.4.2), which
 * Spring's negotiation does not know: it would still answer JSON to
 * {@code Accept: application/json;q=0}. So a range weighted 0 is dropped, and
 * when the most specific range that covers {@code application/json} is weighted
 * 0 (section 12.5.1: {@code application/json;q=0, *&#47;*}), every range
 * covering JSON goes with it. When nothing is left, no answer is acceptable:
 * the request is 406, with its problem, before its handler runs.
 */
@Configuration(proxyBeanMethods = false)
class JsonAccept implements WebMvcConfigurer {

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.strategies(List.of(new JsonNegotiation(new HeaderContentNegotiationStrategy())));
	}

	/** The Accept header's types: none weighted 0, JSON's without its charset, none covering JSON if JSON is refused. */
	record JsonNegotiation(ContentNegotiationStrategy delegate) implements ContentNegotiationStrategy {

		@Override
		public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
			List<MediaType> accepted = this.delegate.resolveMediaTypes(request);
			boolean jsonRefused = refusesJson(accepted);
			List<MediaType> acceptable = accepted.stream()
				.filter((type) -> type.getQualityValue() > 0)
				.filter((type) -> !(jsonRefused && type.includes(MediaType.APPLICATION_JSON)))
				.map(JsonNegotiation::withoutCharset)
				.toList();
			if (acceptable.isEmpty()) {
				// thrown, as for an Accept that cannot be parsed, rather than an empty list: Spring
				// reads an empty list as "no @ExceptionHandler applies" and the 406 would lose its problem
				throw new HttpMediaTypeNotAcceptableException("every media type in Accept is refused (q=0)");
			}
			return acceptable;
		}

		/** Whether the most specific range that covers application/json is weighted 0. */
		static boolean refusesJson(List<MediaType> accepted) {
			MediaType mostSpecific = null;
			for (MediaType type : accepted) {
				if (type.includes(MediaType.APPLICATION_JSON)
						&& (mostSpecific == null || specificity(type) > specificity(mostSpecific))) {
					mostSpecific = type;
				}
			}
			return mostSpecific != null && mostSpecific.getQualityValue() == 0;
		}

		/** {@code *&#47;*} 0, {@code application/*} 1, {@code application/json} 2. */
		private static int specificity(MediaType type) {
			return type.isWildcardType() ? 0 : type.isWildcardSubtype() ? 1 : 2;
		}

		static MediaType withoutCharset(MediaType type) {
			if (type.getCharset() == null || !type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
				return type;
			}
			Map<String, String> parameters = new LinkedHashMap<>(type.getParameters());
			parameters.keySet().removeIf("charset"::equalsIgnoreCase);
			return new MediaType(type.getType(), type.getSubtype(), parameters);
		}

	}

}
