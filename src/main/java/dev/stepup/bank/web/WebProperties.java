package dev.stepup.bank.web;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.web.*}: what the API accepts on the wire, and from which browser origins.
 *
 * @param maxBodySize larger bodies get 413
 * @param cors cross-origin calls from browsers
 */
@ConfigurationProperties("bank.web")
@Validated
record WebProperties(@NotNull @DefaultValue("16KB") DataSize maxBodySize, @Valid @DefaultValue Cors cors) {

	/**
	 * Origins of the banking front-ends allowed to call the API from a browser.
	 *
	 * @param allowedOrigins browser origins allowed to call the API
	 */
	record Cors(@NotNull @DefaultValue("http://localhost:9000") List<String> allowedOrigins) {
	}

}
