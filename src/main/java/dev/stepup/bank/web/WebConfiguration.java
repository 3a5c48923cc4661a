package dev.stepup.bank.web;

import java.time.Duration;
import java.util.List;

import jakarta.servlet.DispatcherType;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	/**
	 * A body the API does not fully understand is refused rather than half-read:
	 * an unknown field, a duplicated key or trailing content could each change
	 * what a transfer means. A number or boolean where text belongs is a wrong
	 * type too: {@code "from": 123} must not quietly become the account "123".
	 */
	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		return (builder) -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual,
					(text) -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/**
	 * Errors Tomcat answers on its own are problem documents too, never its HTML
	 * page. Tomcat never parses a body into request parameters (it would do so
	 * for a form or multipart POST as soon as anything asks for a parameter,
	 * before the token is checked and past the size limit). A body left unread
	 * is not drained after the answer either ({@code server.tomcat.max-swallow-size: 0}):
	 * the connection is closed instead, so a slow or stalled upload holds no thread.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatBodies() {
		return (factory) -> {
			factory.addContextCustomizers((context) -> {
				if (context.getParent() instanceof StandardHost host) {
					host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
				}
			});
			factory.addConnectorCustomizers((connector) -> connector.setParseBodyMethods(""));
		};
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(WebProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.cors().allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST"));
		cors.setAllowedHeaders(
				List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key", RequestIdFilter.HEADER,
						"DPoP"));
		cors.setExposedHeaders(List.of(HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
				"Idempotent-Replayed", RequestIdFilter.HEADER, "DPoP-Nonce"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	/**
	 * The filter Spring Security's {@code cors()} picks up by this name; it runs in
	 * the security chain only, not a second time as a servlet filter.
	 */
	@Bean
	CorsFilter corsFilter(CorsConfigurationSource corsConfigurationSource, ProblemWriter problems) {
		CorsFilter filter = new CorsFilter(corsConfigurationSource);
		filter.setCorsProcessor(new ProblemCorsProcessor(problems));
		return filter;
	}

	@Bean
	FilterRegistrationBean<CorsFilter> corsFilterInTheSecurityChainOnly(CorsFilter corsFilter) {
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
		registration.setEnabled(false);
		return registration;
	}

	/** First in line, so that even the earliest refusal carries the request id. */
	@Bean
	FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
		FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
		return registration;
	}

	/** Next, so a header that cannot be read as one value is refused before anyone reads it. */
	@Bean
	FilterRegistrationBean<SingletonHeadersFilter> singletonHeadersFilter(ProblemWriter problems) {
		FilterRegistrationBean<SingletonHeadersFilter> registration = new FilterRegistrationBean<>(
				new SingletonHeadersFilter(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/** Next, so an oversized body is refused before anything reads it. */
	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(WebProperties properties, ProblemWriter problems) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(properties.maxBodySize(), problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		return registration;
	}

}
