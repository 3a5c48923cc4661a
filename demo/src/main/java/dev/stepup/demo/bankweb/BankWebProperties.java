package dev.stepup.demo.bankweb;

import java.math.BigDecimal;
import java.net.URI;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The banking web page's settings, {@code demo.bank-web}.
 *
 * @param apiUrl where the page finds the API
 * @param clientId the page's OAuth client id
 * @param transferLimit the most one transfer may move, as the API's
 * {@code bank.transfer.max-amount}: the page refuses more before asking for a code
 */
@ConfigurationProperties("demo.bank-web")
@Validated
public record BankWebProperties(@NotNull URI apiUrl, @NotBlank String clientId,
		@NotNull @DecimalMin("0.01") BigDecimal transferLimit) {

	/** The API's origin, as CORS and Content-Security-Policy name it. */
	public String apiOrigin() {
		return this.apiUrl.getScheme() + "://" + this.apiUrl.getAuthority();
	}

}
