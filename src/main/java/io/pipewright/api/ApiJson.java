package io.pipewright.api;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the API reads JSON: within limits (depth, text and number length), and strictly. A
 * field sent twice, something after the body, a number sent as text (or text as a number,
 * a currency as its place in the list), a date sent as a number: each is a 400 problem
 * naming it, not a guess.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
class ApiJson {

	/**
	 * A date is a text, yyyy-mm-dd: not a number of days since 1970, and not an array
	 * (Jackson's own reading takes [2030, 6, 30], and [] as no date at all).
	 */
	@Bean
	Module isoDatesOnly() {
		return new SimpleModule("pipewright-iso-dates").addDeserializer(LocalDate.class, new IsoDate());
	}

	@Bean
	Jackson2ObjectMapperBuilderCustomizer strictLimitedJson(ApiProperties properties) {
		return builder -> builder
			.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
					DeserializationFeature.FAIL_ON_TRAILING_TOKENS, DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.featuresToDisable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.postConfigurer(mapper -> {
				mapper.getFactory()
					.setStreamReadConstraints(StreamReadConstraints.builder()
						.maxNestingDepth(properties.maxJsonDepth())
						.maxStringLength(properties.maxJsonStringLength())
						.maxNumberLength(properties.maxJsonNumberLength())
						.build());
				mapper.coercionConfigFor(LogicalType.Textual)
					.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
			});
	}

	private static final class IsoDate extends StdScalarDeserializer<LocalDate> {

		IsoDate() {
			super(LocalDate.class);
		}

		@Override
		public LocalDate deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			if (!parser.hasToken(JsonToken.VALUE_STRING)) {
				return (LocalDate) context.handleUnexpectedToken(LocalDate.class, parser);
			}
			String text = parser.getText();
			try {
				return LocalDate.parse(text);
			}
			catch (DateTimeParseException ex) {
				return (LocalDate) context.handleWeirdStringValue(LocalDate.class, text, "not a date (yyyy-mm-dd)");
			}
		}

	}

}
