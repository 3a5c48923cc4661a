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
 */
@Configuration(proxyBeanMethods = false)
class JsonAccept implements WebMvcConfigurer {

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.strategies(List.of(new WithoutJsonCharset(new HeaderContentNegotiationStrategy())));
	}

	/** The Accept header's types, a JSON-compatible type without its charset. */
	record WithoutJsonCharset(ContentNegotiationStrategy delegate) implements ContentNegotiationStrategy {

		@Override
		public List<MediaType> resolveMediaTypes(NativeWebRequest request) throws HttpMediaTypeNotAcceptableException {
			return this.delegate.resolveMediaTypes(request).stream().map(WithoutJsonCharset::withoutCharset).toList();
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
