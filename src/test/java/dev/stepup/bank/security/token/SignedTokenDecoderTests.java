package dev.stepup.bank.security.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.stepup.bank.support.ForgedTokens;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The fast path decides a good token alone and any other exactly as Spring's
 * {@code NimbusJwtDecoder} does: same exception type, same message.
 */
class SignedTokenDecoderTests {

	private static final SignedTokenDecoder created = SignedTokenDecoder.create(
			new ImmutableJWKSet<SecurityContext>(new JWKSet(TokenMint.KEY.toPublicJWK())), Set.of(SignatureAlgorithm.RS256),
			MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, (iss) -> (iss != null) ? iss.toString() : null)),
			new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(TokenMint.ISSUER),
					new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null && aud.contains(TokenMint.AUDIENCE))));

	private final AtomicInteger referenceCalls = new AtomicInteger();

	private final SignedTokenDecoder decoder = new SignedTokenDecoder(created.processor, created.claimSetConverter,
			created.validator, (token) -> {
				this.referenceCalls.incrementAndGet();
				return created.reference.decode(token);
			});

	@Test
	void decodeWhenGoodTokenThenDecidedWithoutSpringsDecoderAndSameAsIt() {
		String token = TokenMint.balance("alice").sign();

		Jwt fast = this.decoder.decode(token);
		Jwt reference = created.reference.decode(token);

		assertThat(this.referenceCalls).hasValue(0);
		assertThat(fast.getClaims()).isEqualTo(reference.getClaims());
		assertThat(fast.getHeaders()).isEqualTo(reference.getHeaders());
		assertThat(fast.getTokenValue()).isEqualTo(token);
	}

	@Test
	void decodeWhenSignatureForgedThenRefusedWithoutASecondVerification() {
		TokenMint valid = TokenMint.balance("alice");
		String forged = ForgedTokens.withPayload(valid.sign(), valid.claim("sub", "mallory").claimsSet());

		assertThat(catchThrowable(() -> this.decoder.decode(forged))).hasMessageContaining("Invalid signature");
		assertThat(this.referenceCalls).hasValue(0);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedTokens")
	void decodeWhenRefusedThenSameExceptionAndMessageAsSpringsDecoder(String name, String token) {
		Throwable fast = catchThrowable(() -> this.decoder.decode(token));
		Throwable reference = catchThrowable(() -> created.reference.decode(token));

		assertThat(reference).as("Spring's decoder refuses it").isNotNull();
		assertThat(fast).isNotNull().hasSameClassAs(reference).hasMessage(reference.getMessage());
	}

	static Stream<Arguments> refusedTokens() throws JOSEException {
		TokenMint valid = TokenMint.balance("alice");
		String good = valid.sign();
		return Stream.of(Arguments.of("expired", valid.claim("exp", Date.from(Instant.now().minusSeconds(600))).sign()),
				Arguments.of("not yet valid", valid.claim("nbf", Date.from(Instant.now().plusSeconds(600))).sign()),
				Arguments.of("other issuer", valid.claim("iss", "https://evil.example").sign()),
				Arguments.of("other audience", valid.claim("aud", "https://other-api").sign()),
				Arguments.of("tampered payload", ForgedTokens.withPayload(good, valid.claim("sub", "mallory").claimsSet())),
				Arguments.of("signature stripped", ForgedTokens.withoutSignature(good)),
				Arguments.of("alg none", ForgedTokens.unsigned("none", valid.claimsSet())),
				Arguments.of("alg NONE", ForgedTokens.unsigned("NONE", valid.claimsSet())),
				Arguments.of("HS256 with the public key", ForgedTokens.hmacWithPublicKey(TokenMint.KEY, valid.claimsSet())),
				Arguments.of("unknown kid", valid.signedWith(TokenMint.generate("unknown")).sign()),
				Arguments.of("payload not JSON", signed(new Payload("not json"))),
				Arguments.of("payload a JSON array", signed(new Payload("[1,2]"))),
				Arguments.of("two parts", good.substring(0, good.lastIndexOf('.'))),
				Arguments.of("four parts", good + ".x"),
				Arguments.of("five parts (a JWE's shape)", good + ".x.y"),
				Arguments.of("not base64url", "%%%." + good.substring(good.indexOf('.') + 1)),
				Arguments.of("empty", ""), Arguments.of("garbage", "garbage"));
	}

	private static String signed(Payload payload) throws JOSEException {
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TokenMint.KEY.getKeyID()).build(),
				payload);
		jws.sign(new RSASSASigner(TokenMint.KEY));
		return jws.serialize();
	}

}
