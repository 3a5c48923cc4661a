package dev.stepup.bank.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.stepup.bank.support.ApiIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.converter.GenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every converter Spring MVC reads request bodies with, enumerated from the
 * running application: none may read anything but JSON, whatever comes onto
 * the classpath with a dependency.
 */
@ApiIntegrationTest
class MessageConvertersIntegrationTests {

	static final List<MediaType> NOT_JSON = List.of("application/yaml", "application/x-yaml", "text/yaml",
			"application/xml", "text/xml", "application/atom+xml", "application/rss+xml", "application/cbor",
			"application/x-jackson-smile", "application/x-protobuf", "application/x-www-form-urlencoded",
			"multipart/form-data", "multipart/mixed", "multipart/related", "text/plain", "text/html", "text/csv",
			"text/json", "application/octet-stream", "application/x-ndjson", "application/json-seq",
			"application/javascript", "application/pdf", "*/*", "application/*", "text/*")
		.stream()
		.map(MediaType::parseMediaType)
		.toList();

	static final List<Class<?>> TARGETS = List.of(Body.class, Object.class, String.class, byte[].class, Map.class,
			MultiValueMap.class, Resource.class);

	@Autowired
	RequestMappingHandlerAdapter mvc;

	@Test
	void requestBodyConvertersWhenEnumeratedThenNoneReadsAnythingButJson() {
		List<HttpMessageConverter<?>> converters = this.mvc.getMessageConverters();

		assertThat(converters).isNotEmpty();
		assertThat(readersOfNonJson(converters)).as("converters that read a request body that is not JSON").isEmpty();
	}

	@Test
	void requestBodyConvertersWhenEnumeratedThenJsonIsStillRead() {
		assertThat(this.mvc.getMessageConverters())
			.anySatisfy((converter) -> assertThat(canRead(converter, Body.class, MediaType.APPLICATION_JSON)).isTrue());
	}

	/** Spring's full default set reads YAML, XML, forms, text…; restrict() leaves none of them a reader. */
	@Test
	void restrictWhenGivenEveryDefaultConverterThenOnlyJsonReadersRemain() {
		List<HttpMessageConverter<?>> defaults = new ArrayList<>();
		HttpMessageConverters.forServer().registerDefaults().build().forEach(defaults::add);
		assertThat(readersOfNonJson(defaults)).as("Spring's defaults, before").isNotEmpty();

		JsonOnlyBodies.restrict(defaults);

		assertThat(readersOfNonJson(defaults)).as("after restrict()").isEmpty();
		assertThat(defaults).anySatisfy(
				(converter) -> assertThat(canRead(converter, Body.class, MediaType.APPLICATION_JSON)).isTrue());
	}

	private static List<String> readersOfNonJson(List<HttpMessageConverter<?>> converters) {
		List<String> readers = new ArrayList<>();
		for (HttpMessageConverter<?> converter : converters) {
			for (MediaType type : NOT_JSON) {
				for (Class<?> target : TARGETS) {
					if (canRead(converter, target, type)) {
						readers.add(converter + " reads " + target.getSimpleName() + " as " + type);
					}
				}
			}
		}
		return readers;
	}

	private static boolean canRead(HttpMessageConverter<?> converter, Class<?> target, MediaType type) {
		if (converter instanceof SmartHttpMessageConverter<?> smart
				&& smart.canRead(ResolvableType.forClass(target), type)) {
			return true;
		}
		if (converter instanceof GenericHttpMessageConverter<?> generic && generic.canRead(target, null, type)) {
			return true;
		}
		return converter.canRead(target, type);
	}

	/** Shaped like a transfer request: a record of text and a number. */
	record Body(String from, BigDecimal amount) {
	}

}
