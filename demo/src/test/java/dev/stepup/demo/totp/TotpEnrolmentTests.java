package dev.stepup.demo.totp;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TotpEnrolmentTests {

	private static final TotpSecret SECRET = new TotpSecret("QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP");

	@Test
	void enrolmentThenKeyUriFormatThatAuthenticatorAppsRead() {
		TotpEnrolment enrolment = TotpEnrolment.of("Step-up Bank", "alice", SECRET);

		assertThat(enrolment.uri()).isEqualTo("otpauth://totp/Step-up%20Bank:alice?secret="
				+ "QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP&issuer=Step-up%20Bank&algorithm=SHA1&digits=6&period=30");
	}

	@Test
	void enrolmentThenQrCodeReadsBackAsTheKeyUri() throws Exception {
		TotpEnrolment enrolment = TotpEnrolment.of("Step-up Bank", "alice", SECRET);

		assertThat(scan(enrolment.qrCodeSvg())).isEqualTo(enrolment.uri());
	}

	@Test
	void enrolmentThenSecretGroupedInFoursForTyping() {
		assertThat(TotpEnrolment.of("Step-up Bank", "alice", SECRET).secretText())
			.isEqualTo("QY3A YQYI 45GK J7OD BVX4 23K6 XYTK 2JBP");
	}

	// Draws the SVG's modules at 4 px each and reads them as a phone camera would.
	private static String scan(String svg) throws Exception {
		Matcher viewBox = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
		assertThat(viewBox.find()).isTrue();
		int modules = Integer.parseInt(viewBox.group(1));
		int scale = 4;
		int size = modules * scale;
		int[] pixels = new int[size * size];
		Arrays.fill(pixels, 0xFFFFFF);
		Matcher module = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
		while (module.find()) {
			int x = Integer.parseInt(module.group(1));
			int y = Integer.parseInt(module.group(2));
			for (int dy = 0; dy < scale; dy++) {
				Arrays.fill(pixels, (y * scale + dy) * size + x * scale, (y * scale + dy) * size + (x + 1) * scale, 0);
			}
		}
		BinaryBitmap image = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(size, size, pixels)));
		return new QRCodeReader().decode(image).getText();
	}

}
