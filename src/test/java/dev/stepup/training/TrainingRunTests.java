package dev.stepup.training;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/** {@link TrainingRun#readAnswer}: the training's reads over kept-alive connections. */
class TrainingRunTests {

	@Test
	void readAnswerWhenSizedChunkedAndClosingResponsesFollowThenEachReadToItsEnd() throws IOException {
		InputStream in = stream("HTTP/1.1 200 \r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
				+ "HTTP/1.1 401 \r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
				+ "HTTP/1.1 200 \r\ncontent-length: 4\r\nConnection: close\r\n\r\nnull");

		assertThat(TrainingRun.readAnswer(in)).isEqualTo(new TrainingRun.Answer(200, false));
		assertThat(TrainingRun.readAnswer(in)).isEqualTo(new TrainingRun.Answer(401, false));
		assertThat(TrainingRun.readAnswer(in)).isEqualTo(new TrainingRun.Answer(200, true));
		assertThat(in.read()).isEqualTo(-1);
	}

	@Test
	void readAnswerWhenTheConnectionEndsMidResponseThenIOException() {
		assertThatIOException().isThrownBy(() -> TrainingRun.readAnswer(stream("HTTP/1.1 200 \r\nContent-Le")));
		assertThatIOException().isThrownBy(() -> TrainingRun.readAnswer(stream("garbage\r\n\r\n")));
	}

	private static InputStream stream(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
	}

}
