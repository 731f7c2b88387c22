package io.pipewright.api;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much of a request the API reads before it refuses it: hostile or broken input must
 * cost little.
 *
 * @param maxRequestSize the largest request body under {@code /api}; a larger one is a
 * 413 problem before anything is done with it
 * @param maxJsonDepth how deeply a JSON body may nest objects and arrays
 * @param maxJsonStringLength the longest text a JSON body may hold, in characters
 * @param maxJsonNumberLength the longest number a JSON body may hold, in characters
 */
@ConfigurationProperties("pipewright.api")
@Validated
record ApiProperties(DataSize maxRequestSize, @Min(8) @Max(1000) Integer maxJsonDepth,
		@Min(1000) @Max(20_000_000) Integer maxJsonStringLength, @Min(20) @Max(1000) Integer maxJsonNumberLength) {

	private static final DataSize SMALLEST = DataSize.ofKilobytes(1);

	private static final DataSize LARGEST = DataSize.ofMegabytes(100);

	ApiProperties {
		maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(1) : maxRequestSize;
		maxJsonDepth = maxJsonDepth == null ? 64 : maxJsonDepth;
		maxJsonStringLength = maxJsonStringLength == null ? 100_000 : maxJsonStringLength;
		maxJsonNumberLength = maxJsonNumberLength == null ? 100 : maxJsonNumberLength;
	}

	@AssertTrue(message = "must be between 1KB and 100MB")
	boolean isMaxRequestSize() {
		return maxRequestSize.compareTo(SMALLEST) >= 0 && maxRequestSize.compareTo(LARGEST) <= 0;
	}

	/** The limit as people write it: 1MB, 256KB, 1500B. */
	String maxRequestSizeText() {
		long bytes = maxRequestSize.toBytes();
		if (bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return maxRequestSize.toMegabytes() + "MB";
		}
		if (bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return maxRequestSize.toKilobytes() + "KB";
		}
		return bytes + "B";
	}

}
