package dev.stepup.bank.web;

import java.io.IOException;
import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.GenericHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.SmartHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request bodies are JSON and nothing else. Every converter that would read
 * another media type (YAML, XML, CBOR, Smile, forms, plain text, bytes) comes
 * with a dependency and none of the strict JSON mapper's rules: a duplicated
 * key, an unknown field or a second document would be read quietly. So the
 * converters that only read JSON stay as they are; the ones the API still
 * needs to write its own responses (text, bytes, resources) lose their reading
 * side; the rest, which only serve formats the API never answers in, go.
 * Anything else sent as a body is then refused with 415 before a handler runs.
 */
@Configuration(proxyBeanMethods = false)
class JsonOnlyBodies implements WebMvcConfigurer {

	@Override
	public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
		builder.configureMessageConvertersList(JsonOnlyBodies::restrict);
	}

	static void restrict(List<HttpMessageConverter<?>> converters) {
		converters.removeIf((converter) -> !readsOnlyJson(converter)
				&& (converter instanceof SmartHttpMessageConverter || converter instanceof GenericHttpMessageConverter));
		converters.replaceAll((converter) -> readsOnlyJson(converter) ? converter : new WriteOnly<>(converter));
	}

	/** Whether every media type the converter declares is JSON: {@code application/json} or {@code application/*+json}. */
	static boolean readsOnlyJson(HttpMessageConverter<?> converter) {
		return converter instanceof WriteOnly<?> || (!converter.getSupportedMediaTypes().isEmpty()
				&& converter.getSupportedMediaTypes().stream().allMatch(JsonOnlyBodies::isJson));
	}

	static boolean isJson(MediaType type) {
		return "application".equals(type.getType())
				&& ("json".equals(type.getSubtype()) || "json".equals(type.getSubtypeSuffix()));
	}

	/** A converter for responses only: it reads nothing. */
	record WriteOnly<T>(HttpMessageConverter<T> delegate) implements HttpMessageConverter<T> {

		@Override
		public boolean canRead(Class<?> clazz, MediaType mediaType) {
			return false;
		}

		@Override
		public boolean canWrite(Class<?> clazz, MediaType mediaType) {
			return this.delegate.canWrite(clazz, mediaType);
		}

		@Override
		public List<MediaType> getSupportedMediaTypes() {
			return this.delegate.getSupportedMediaTypes();
		}

		@Override
		public List<MediaType> getSupportedMediaTypes(Class<?> clazz) {
			return this.delegate.getSupportedMediaTypes(clazz);
		}

		@Override
		public T read(Class<? extends T> clazz, HttpInputMessage inputMessage) {
			throw new HttpMessageNotReadableException("this converter writes responses only", inputMessage);
		}

		@Override
		public void write(T t, MediaType contentType, HttpOutputMessage outputMessage) throws IOException {
			this.delegate.write(t, contentType, outputMessage);
		}

		@Override
		public String toString() {
			return "WriteOnly[" + this.delegate.getClass().getSimpleName() + "]";
		}

	}

}
