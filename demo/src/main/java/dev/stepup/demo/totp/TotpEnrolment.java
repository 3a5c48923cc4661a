package dev.stepup.demo.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a person needs to add a TOTP secret to a phone authenticator: the
 * {@code otpauth://} URI (Key Uri Format), the same as a QR code, and the secret
 * as text for typing in.
 *
 * @param account the account name shown in the app
 * @param uri the otpauth URI
 * @param qrCodeSvg the URI as an inline SVG QR code
 * @param secretText the base32 secret, grouped in fours for reading
 */
public record TotpEnrolment(String account, String uri, String qrCodeSvg, String secretText) {

	public static TotpEnrolment of(String issuer, String account, TotpSecret secret) {
		String label = encode(issuer) + ":" + encode(account);
		String uri = "otpauth://totp/" + label + "?secret=" + secret.base32() + "&issuer=" + encode(issuer)
				+ "&algorithm=SHA1&digits=6&period=" + TotpVerifier.TIME_STEP.toSeconds();
		return new TotpEnrolment(account, uri, QrCodes.svg(uri), secret.base32().replaceAll("(.{4})(?!$)", "$1 "));
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	@Override
	public String toString() {
		return "TotpEnrolment[" + this.account + "]";
	}

}
